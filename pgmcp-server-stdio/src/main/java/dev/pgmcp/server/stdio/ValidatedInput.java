package dev.pgmcp.server.stdio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Standard input for the SDK, one checked JSON-RPC message per line. A line that is not JSON gets
 * a JSON-RPC parse error (-32700), and one that is JSON but not a JSON-RPC message (a batch, a
 * scalar, no method) gets an invalid-request error (-32600); neither reaches the SDK, which would
 * otherwise end the session. Blank lines are skipped. At end of input, requests already passed on
 * are answered before the SDK sees the end, and then the host is signalled.
 */
final class ValidatedInput extends InputStream {

    private static final Logger LOG = LoggerFactory.getLogger(ValidatedInput.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_LINE_CHARS = 8 * 1024 * 1024;
    private static final java.time.Duration DRAIN_TIMEOUT = java.time.Duration.ofSeconds(60);

    private final BufferedReader reader;
    private final LineAtomicOutput output;
    private final CountDownLatch endOfInput = new CountDownLatch(1);
    private final char[] chunk = new char[8192];
    private int chunkStart;
    private int chunkEnd;
    private byte[] current = new byte[0];
    private int position;

    ValidatedInput(InputStream source, LineAtomicOutput output) {
        this.reader = new BufferedReader(new InputStreamReader(source, StandardCharsets.UTF_8));
        this.output = output;
    }

    /** Blocks until standard input has ended. */
    void awaitEnd() throws InterruptedException {
        endOfInput.await();
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    private boolean fill() throws IOException {
        while (position >= current.length) {
            String line;
            try {
                line = readBoundedLine();
            } catch (IOException e) {
                line = null;
            }
            if (line == null) {
                // The SDK drops responses still being prepared when its input ends: answer them first.
                output.awaitResponses(DRAIN_TIMEOUT);
                endOfInput.countDown();
                return false;
            }
            String accepted;
            try {
                accepted = check(line);
            } catch (IOException e) {
                throw e;
            } catch (Throwable e) {
                // An Error here would end the SDK's reading thread, and with it every later answer.
                String reference = dev.pgmcp.core.mcp.InternalErrors.log(LOG, "reading a message", e);
                reply(null, -32603, "Internal error: pgmcp could not read the message (reference " + reference
                        + "); the server log has the details under that reference");
                accepted = null;
            }
            if (accepted != null) {
                current = (accepted + "\n").getBytes(StandardCharsets.UTF_8);
                position = 0;
            }
        }
        return true;
    }

    /**
     * The next line without its end, or null at end of input. At most {@code MAX_LINE_CHARS + 1}
     * characters are kept, so a line without end cannot exhaust the heap; the rest of a longer line
     * is read and dropped, and {@link #check} refuses it as too large.
     */
    private String readBoundedLine() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean any = false;
        while (true) {
            if (chunkStart == chunkEnd) {
                int n = reader.read(chunk, 0, chunk.length);
                chunkStart = 0;
                chunkEnd = Math.max(n, 0);
                if (n <= 0) {
                    return any ? withoutCarriageReturn(line) : null;
                }
            }
            any = true;
            int start = chunkStart;
            while (chunkStart < chunkEnd && chunk[chunkStart] != '\n') {
                chunkStart++;
            }
            int room = Math.max(0, MAX_LINE_CHARS + 1 - line.length());
            line.append(chunk, start, Math.min(chunkStart - start, room));
            if (chunkStart < chunkEnd) {
                chunkStart++;
                return withoutCarriageReturn(line);
            }
        }
    }

    private static String withoutCarriageReturn(StringBuilder line) {
        int end = line.length();
        if (end > 0 && end <= MAX_LINE_CHARS && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    /** Returns the line to pass on, or null after answering it with an error. */
    private String check(String line) throws IOException {
        if (line.isBlank()) {
            return null;
        }
        if (line.length() > MAX_LINE_CHARS) {
            reply(null, -32600, "Invalid Request: message larger than " + MAX_LINE_CHARS + " characters");
            return null;
        }
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (JacksonException e) {
            LOG.warn("answered a line that is not JSON with a parse error");
            reply(null, -32700, "Parse error: the line is not valid JSON; send one JSON-RPC message per line");
            return null;
        }
        if (message.isArray()) {
            reply(null, -32600, "Invalid Request: JSON-RPC batches are not supported; send one message per line");
            return null;
        }
        if (!message.isObject() || !"2.0".equals(message.path("jsonrpc").asString(null))) {
            reply(idOf(message), -32600, "Invalid Request: expected a JSON-RPC 2.0 object with \"jsonrpc\": \"2.0\"");
            return null;
        }
        boolean request = message.path("method").isString();
        boolean response = message.has("id") && (message.has("result") || message.has("error"));
        if (!request && !response) {
            reply(idOf(message), -32600, "Invalid Request: a message needs a \"method\", or an \"id\" with "
                    + "\"result\" or \"error\"");
            return null;
        }
        if (message.has("id") && idOf(message) == null) {
            reply(null, -32600, "Invalid Request: \"id\" must be a string or an integer");
            return null;
        }
        if (request && message.has("params") && !message.get("params").isObject()) {
            reply(idOf(message), -32602, "Invalid params: \"params\" must be an object");
            return null;
        }
        if (request && message.has("id")) {
            output.expectResponse();
        }
        return line;
    }

    private static JsonNode idOf(JsonNode message) {
        JsonNode id = message.isObject() ? message.get("id") : null;
        return id != null && (id.isString() || (id.isIntegralNumber() && id.canConvertToLong())) ? id : null;
    }

    private void reply(JsonNode id, int code, String text) throws IOException {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", code);
        error.put("message", text);
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id == null ? JsonNodeFactory.instance.nullNode() : id);
        response.set("error", error);
        output.writeLine(JSON.writeValueAsString(response));
    }
}
