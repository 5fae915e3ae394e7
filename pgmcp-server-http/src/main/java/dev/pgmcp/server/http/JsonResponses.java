package dev.pgmcp.server.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/** The host's one JSON mapper, and the one way it writes a JSON response body. */
public final class JsonResponses {

    /** Thread-safe; shared by every servlet and filter of the host. */
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonResponses() {
    }

    /**
     * Sets {@code status} and writes {@code body} as UTF-8 JSON with its length. Headers such as
     * {@code Cache-Control} are the caller's to set, before this call.
     */
    public static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = body instanceof byte[] ready ? ready : JSON.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
