package dev.pgmcp.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** Single HTTP requests as an MCP client (or an attacker) would send them. */
final class RawMcp {

    static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    private RawMcp() {
    }

    static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpProcess.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        headers.forEach(request::header);
        return HttpProcess.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An error body: short JSON-RPC error, no stack trace, no Java class name. */
    static void assertCleanError(HttpResponse<String> response) {
        String body = response.body();
        assertThat(body).as("error body").startsWith("{\"jsonrpc\":\"2.0\"").contains("\"error\":{\"code\":")
                .doesNotContain("stackTrace").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("java.").doesNotContain("jakarta.").doesNotContain("org.eclipse")
                .doesNotContain("io.modelcontextprotocol").doesNotContain("dev.pgmcp").doesNotContain("<html");
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    }
}
