package dev.pgmcp.server.http;

import static dev.pgmcp.server.http.RawMcp.INITIALIZE;
import static dev.pgmcp.server.http.RawMcp.assertCleanError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What a browser page, a confused client or an attacker gets: refusals with short JSON-RPC errors. */
class HttpSecurityIT {

    private static HttpProcess server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpProcess.serve("--max-request-bytes", "4096", "--allowed-origins", "https://app.example.com");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void dnsRebindingFailsOnTheHostHeader() throws Exception {
        HttpResponse<String> r = RawMcp.post(server.mcpUrl(), INITIALIZE, Map.of("Host", "attacker.example:" + server.port));
        assertThat(r.statusCode()).isEqualTo(403);
        assertCleanError(r);
        assertThat(r.body()).contains("Host 'attacker.example:" + server.port + "'").contains("--allowed-hosts");
    }

    @Test
    void foreignOriginsAreRefusedLoopbackAndConfiguredOnesAccepted() throws Exception {
        HttpResponse<String> evil = RawMcp.post(server.mcpUrl(), INITIALIZE, Map.of("Origin", "https://evil.example"));
        assertThat(evil.statusCode()).isEqualTo(403);
        assertCleanError(evil);
        assertThat(evil.body()).contains("Origin 'https://evil.example' is not allowed");

        assertThat(RawMcp.post(server.mcpUrl(), INITIALIZE, Map.of("Origin", "http://localhost:3000")).statusCode())
                .isEqualTo(200);
        assertThat(RawMcp.post(server.mcpUrl(), INITIALIZE, Map.of("Origin", "https://app.example.com")).statusCode())
                .isEqualTo(200);
        assertThat(RawMcp.post(server.mcpUrl(), INITIALIZE, Map.of("Host", "localhost:" + server.port)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void oversizedBodiesGet413() throws Exception {
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(5000) + "\"}}";
        HttpResponse<String> r = RawMcp.post(server.mcpUrl(), big, Map.of());
        assertThat(r.statusCode()).isEqualTo(413);
        assertCleanError(r);
        assertThat(r.body()).contains("the limit is 4096 bytes");
    }

    @Test
    void malformedJsonAndBatchesGetJsonRpcErrors() throws Exception {
        HttpResponse<String> broken = RawMcp.post(server.mcpUrl(), "{\"jsonrpc\":\"2.0\",\"id\":1,", Map.of());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertCleanError(broken);
        assertThat(broken.body()).contains("-32700").contains("not valid JSON");

        HttpResponse<String> batch = RawMcp.post(server.mcpUrl(), "[" + INITIALIZE + "]", Map.of());
        assertThat(batch.statusCode()).isEqualTo(400);
        assertCleanError(batch);
        assertThat(batch.body()).contains("-32600").contains("batches are not supported");

        HttpResponse<String> notRpc = RawMcp.post(server.mcpUrl(), "{\"id\":1,\"method\":\"ping\"}", Map.of());
        assertThat(notRpc.statusCode()).isEqualTo(400);
        assertCleanError(notRpc);
        assertThat(notRpc.body()).contains("\"jsonrpc\\\" must be \\\"2.0\\\"").contains("\"id\":1");
    }

    @Test
    void unsupportedProtocolVersionsGet400() throws Exception {
        HttpResponse<String> r = RawMcp.post(server.mcpUrl(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\"}",
                Map.of("MCP-Protocol-Version", "1999-01-01"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertCleanError(r);
        assertThat(r.body()).contains("unsupported MCP-Protocol-Version '1999-01-01'").contains("2025-06-18");
    }

    @Test
    void sdkAndJettyErrorsCarryNoStackTraces() throws Exception {
        // The SDK serializes its exception whole for these; Jetty writes HTML error pages.
        HttpResponse<String> noSession = RawMcp.post(server.mcpUrl(), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}",
                Map.of());
        assertThat(noSession.statusCode()).isEqualTo(400);
        assertCleanError(noSession);
        assertThat(noSession.body()).contains("mcp-session-id");

        HttpResponse<String> unknownSession = RawMcp.post(server.mcpUrl(),
                "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\"}", Map.of("Mcp-Session-Id", "no-such-session"));
        assertThat(unknownSession.statusCode()).isEqualTo(404);
        assertCleanError(unknownSession);

        HttpResponse<String> notFound = RawMcp.get(server.base() + "/admin", Map.of());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertCleanError(notFound);

        HttpResponse<String> getWithoutSession = RawMcp.get(server.mcpUrl(), Map.of("Accept", "text/event-stream"));
        assertThat(getWithoutSession.statusCode()).isEqualTo(400);
        assertCleanError(getWithoutSession);

        HttpResponse<String> badUri = RawMcp.get(server.base() + "/%2e%2e/%00", Map.of());
        assertThat(badUri.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(badUri.body()).doesNotContain("Exception").doesNotContain("org.eclipse").doesNotContain("<html");
        assertThat(server.stderr()).doesNotContain("reader-secret");
    }

    @Test
    void healthAndReadinessAnswerJson() throws Exception {
        HttpResponse<String> health = RawMcp.get(server.base() + "/healthz", Map.of("Host", "10.1.2.3:8080"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
        HttpResponse<String> ready = RawMcp.get(server.base() + "/readyz", Map.of());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).startsWith("{\"status\":\"ready\"").contains("\"waiting\":0");
    }
}
