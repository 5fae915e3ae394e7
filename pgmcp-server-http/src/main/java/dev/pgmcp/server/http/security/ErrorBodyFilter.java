package dev.pgmcp.server.http.security;

import dev.pgmcp.server.http.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rewrites the MCP SDK's own error bodies: the SDK serializes its {@code McpError} exception whole,
 * stack trace and class names included. A body written with an error status is captured and
 * replaced by a short JSON-RPC error that keeps the SDK's code and message (or a generic message
 * when that one names Java internals).
 */
public final class ErrorBodyFilter extends HttpFilter {

    private static final JsonMapper JSON = dev.pgmcp.server.http.JsonResponses.JSON;
    private static final Pattern JAVA_INTERNALS = Pattern.compile(
            "(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z]|Exception|\\bat [a-z]|java\\.|jakarta\\.|tools\\.jackson");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Capturing capturing = new Capturing(response);
        chain.doFilter(request, capturing);
        if (capturing.captured != null && !request.isAsyncStarted()) {
            capturing.writer.flush();
            rewrite(response, capturing.status, capturing.captured.toString());
        }
    }

    private static void rewrite(HttpServletResponse response, int status, String sdkBody) throws IOException {
        int code = HttpErrors.SERVER_ERROR;
        String message = null;
        try {
            JsonNode node = JSON.readTree(sdkBody);
            JsonNode error = node.has("jsonRpcError") ? node.get("jsonRpcError") : node.path("error");
            if (error.path("code").isInt()) {
                code = error.path("code").asInt();
            }
            message = error.path("message").isString() ? error.path("message").asString() : null;
        } catch (RuntimeException e) {
            // not JSON: use the generic message
        }
        if (message == null || message.isBlank() || JAVA_INTERNALS.matcher(message).find() || message.length() > 300) {
            message = HttpErrors.messageFor(status);
        }
        HttpErrors.send(response, status, code, message);
    }

    /** Passes everything through, except that a body written after an error status is held back. */
    private static final class Capturing extends HttpServletResponseWrapper {
        private int status = 200;
        private StringWriter captured;
        private PrintWriter writer;

        Capturing(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setStatus(int sc) {
            status = sc;
            super.setStatus(sc);
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (status < 400) {
                return super.getWriter();
            }
            if (writer == null) {
                captured = new StringWriter();
                writer = new PrintWriter(captured);
            }
            return writer;
        }
    }
}
