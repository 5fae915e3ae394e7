package dev.pgmcp.server.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the only kind of error body this host sends: a short JSON-RPC error object with a clear
 * message, never a stack trace or a class name.
 */
public final class HttpErrors {

    /** JSON-RPC: the body is not JSON. */
    public static final int PARSE_ERROR = -32700;
    /** JSON-RPC: the JSON is not a valid request. */
    public static final int INVALID_REQUEST = -32600;
    /** Implementation-defined server error (HTTP-level refusals). */
    public static final int SERVER_ERROR = -32000;

    private static final JsonMapper JSON = JsonResponses.JSON;

    private HttpErrors() {
    }

    /** The JSON text of a JSON-RPC error response with {@code id} (may be null). */
    public static String body(Object id, int code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jsonrpc", "2.0");
        body.put("id", id);
        body.put("error", error);
        return JSON.writeValueAsString(body);
    }

    /** Sends {@code status} with a JSON-RPC error body. */
    public static void send(HttpServletResponse response, int status, int code, String message) throws IOException {
        send(response, status, null, code, message);
    }

    /** Sends {@code status} with a JSON-RPC error body answering the request {@code id}. */
    public static void send(HttpServletResponse response, int status, Object id, int code, String message)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body(id, code, message));
        response.getWriter().flush();
    }

    /** A message for an HTTP status when nothing more specific is known. */
    public static String messageFor(int status) {
        return switch (status) {
            case 400 -> "bad request: the request is not a valid MCP Streamable HTTP request";
            case 403 -> "forbidden";
            case 404 -> "not found: MCP is served at /mcp (POST, GET, DELETE); health at /healthz and /readyz";
            case 405 -> "method not allowed on this path";
            case 406 -> "not acceptable: send Accept: application/json, text/event-stream";
            case 408 -> "request timed out";
            case 413 -> "request body too large";
            case 414 -> "request URI too long";
            case 415 -> "unsupported media type: send Content-Type: application/json";
            case 431 -> "request headers too large";
            case 503 -> "service unavailable: the server is busy or shutting down; retry shortly";
            default -> status >= 500 ? "internal server error; the details are in the server log"
                    : "request refused (HTTP " + status + ")";
        };
    }
}
