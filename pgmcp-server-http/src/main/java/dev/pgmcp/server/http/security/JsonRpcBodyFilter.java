package dev.pgmcp.server.http.security;

import dev.pgmcp.server.http.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee11.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a POST body before the MCP SDK sees it: at most {@code maxBytes} (413), valid JSON (-32700),
 * one JSON-RPC 2.0 message, not a batch (-32600). The SDK's own answers to such bodies carry
 * parser messages with Java class names; these answers do not.
 *
 * <p>The body must arrive within {@code bodyTimeout}: a client that sends it more slowly (a
 * slow-loris body that keeps just above Jetty's minimum data rate) has its connection closed then,
 * so it holds its call slot and its thread for a bounded time.
 */
public final class JsonRpcBodyFilter extends HttpFilter {

    /** Request attribute holding the parsed message (a Jackson {@code JsonNode}) for later filters. */
    public static final String MESSAGE_ATTRIBUTE = "dev.pgmcp.jsonrpc.message";

    private static final JsonMapper JSON = dev.pgmcp.server.http.JsonResponses.JSON;

    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcBodyFilter.class);

    private final int maxBytes;
    private final Duration bodyTimeout;
    private final ScheduledThreadPoolExecutor deadlines;

    /** A filter without a body deadline (for tests and embedders that bound bodies otherwise). */
    public JsonRpcBodyFilter(int maxBytes) {
        this(maxBytes, null);
    }

    /** @param bodyTimeout longest time the body may take to arrive, or null for none */
    public JsonRpcBodyFilter(int maxBytes, Duration bodyTimeout) {
        this.maxBytes = maxBytes;
        this.bodyTimeout = bodyTimeout;
        if (bodyTimeout == null) {
            this.deadlines = null;
        } else {
            this.deadlines = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "pgmcp-body-deadline");
                thread.setDaemon(true);
                return thread;
            });
            this.deadlines.setRemoveOnCancelPolicy(true);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(response);
            return;
        }
        byte[] body = readBody(request);
        if (body == null) {
            return;
        }
        if (body.length > maxBytes) {
            tooLarge(response);
            return;
        }
        JsonNode message;
        try {
            message = JSON.readTree(body);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null ? "" : " (at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            HttpErrors.send(response, 400, HttpErrors.PARSE_ERROR,
                    "parse error: the request body is not valid JSON" + where);
            return;
        }
        if (message == null || message.isMissingNode()) {
            HttpErrors.send(response, 400, HttpErrors.PARSE_ERROR, "parse error: the request body is empty; "
                    + "send one JSON-RPC message");
            return;
        }
        if (message.isArray()) {
            HttpErrors.send(response, 400, HttpErrors.INVALID_REQUEST, "invalid request: JSON-RPC batches are not "
                    + "supported; send one JSON-RPC message per POST");
            return;
        }
        if (!message.isObject()) {
            HttpErrors.send(response, 400, HttpErrors.INVALID_REQUEST,
                    "invalid request: expected one JSON-RPC message (a JSON object)");
            return;
        }
        Object id = idOf(message.get("id"));
        JsonNode version = message.get("jsonrpc");
        if (version == null || !version.isString() || !"2.0".equals(version.asString())) {
            HttpErrors.send(response, 400, id, HttpErrors.INVALID_REQUEST,
                    "invalid request: \"jsonrpc\" must be \"2.0\"");
            return;
        }
        JsonNode method = message.get("method");
        boolean isResponse = message.has("result") || message.has("error");
        if (!isResponse && (method == null || !method.isString() || method.asString().isBlank())) {
            HttpErrors.send(response, 400, id, HttpErrors.INVALID_REQUEST,
                    "invalid request: \"method\" must be a non-empty string");
            return;
        }
        request.setAttribute(MESSAGE_ATTRIBUTE, message);
        chain.doFilter(new CachedBody(request, body), response);
    }

    private static Object idOf(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isIntegralNumber()) {
            return id.asLong();
        }
        return id.isString() ? id.asString() : null;
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        HttpErrors.send(response, 413, HttpErrors.INVALID_REQUEST, "request body too large: the limit is "
                + maxBytes + " bytes (--max-request-bytes)");
    }

    /** The body, or null when it did not arrive within the deadline (the connection is closed then). */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        if (deadlines == null) {
            return readAtMost(request.getInputStream(), maxBytes + 1);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            abort(request);
        }, bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return readAtMost(request.getInputStream(), maxBytes + 1);
        } catch (IOException e) {
            if (expired.get()) {
                return null;
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /** Closes the connection of a request whose body is late: the blocked read then fails. */
    private void abort(HttpServletRequest request) {
        LOG.warn("closed the connection from {}: the request body did not arrive within {} s "
                + "(--request-body-timeout)", request.getRemoteAddr(), bodyTimeout.toSeconds());
        try {
            ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(request);
            jetty.getConnectionMetaData().getConnection().getEndPoint()
                    .close(new TimeoutException("request body timeout"));
        } catch (RuntimeException e) {
            LOG.debug("closing a slow request's connection failed", e);
        }
    }

    @Override
    public void destroy() {
        if (deadlines != null) {
            deadlines.shutdownNow();
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while (out.size() < limit && (n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The request with its already-read body served again. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
