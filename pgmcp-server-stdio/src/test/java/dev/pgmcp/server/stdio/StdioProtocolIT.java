package dev.pgmcp.server.stdio;

import dev.pgmcp.testing.ReaderConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Speaks raw JSON-RPC lines to the jar: robustness against malformed input and clean end of input. */
class StdioProtocolIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

    private static JsonNode read(StdioProcess server) throws Exception {
        String line = server.nextLine(30);
        assertThat(line).as("a response within 30 s; stderr:\n%s", server.stderr()).isNotNull();
        return JSON.readTree(line);
    }

    private static StdioProcess initialized() throws Exception {
        StdioProcess server = StdioProcess.start(ReaderConnection.args(), ReaderConnection.env());
        server.send(INITIALIZE);
        JsonNode init = read(server);
        assertThat(init.path("result").path("serverInfo").path("name").asString()).isEqualTo("pgmcp");
        server.send(INITIALIZED);
        return server;
    }

    @Test
    void answersMalformedLinesWithErrorsAndKeepsServing() throws Exception {
        try (StdioProcess server = initialized()) {
            server.send("{not json");
            JsonNode parseError = read(server);
            assertThat(parseError.path("error").path("code").asInt()).isEqualTo(-32700);
            assertThat(parseError.get("id").isNull()).isTrue();

            server.send("[{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\"}]");
            assertThat(read(server).path("error").path("code").asInt()).isEqualTo(-32600);

            server.send("{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}");
            assertThat(read(server).path("error").path("code").asInt()).isEqualTo(-32600);

            server.send("{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"tools/list\"}");
            assertThat(read(server).path("error").path("code").asInt()).isEqualTo(-32600);

            server.send("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/list\",\"params\":7}");
            JsonNode badParams = read(server);
            assertThat(badParams.path("error").path("code").asInt()).isEqualTo(-32602);
            assertThat(badParams.path("id").asInt()).isEqualTo(6);

            server.send("42");
            assertThat(read(server).path("error").path("code").asInt()).isEqualTo(-32600);
            server.send("");

            server.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/list\"}");
            JsonNode tools = read(server);
            assertThat(tools.path("id").asInt()).isEqualTo(7);
            assertThat(tools.path("result").path("tools")).hasSize(4);
            assertThat(server.stderr()).doesNotContain("Exception").doesNotContain(ReaderConnection.env().get("PGPASSWORD"));
        }
    }

    @Test
    void aLineLargerThanTheHeapIsRefusedAndTheServerKeepsServing() throws Exception {
        // 160 M characters: more than the server's 256 MB heap can hold as one line. Written from another
        // thread: a server that stops reading must fail the test, not block the writer for ever.
        try (StdioProcess server = initialized()) {
            CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
                try {
                    server.sendLongLine(160L << 20);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            JsonNode tooLarge = read(server);
            writing.join();
            assertThat(tooLarge.path("error").path("code").asInt()).isEqualTo(-32600);
            assertThat(tooLarge.path("error").path("message").asString()).contains("larger than");

            server.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\"}");
            JsonNode tools = read(server);
            assertThat(tools.path("id").asInt()).isEqualTo(8);
            assertThat(tools.path("result").path("tools")).hasSize(4);
            assertThat(server.stderr()).doesNotContain("OutOfMemoryError");
        }
    }

    @Test
    void answersRequestsInFlightAndExitsCleanlyAtEndOfInput() throws Exception {
        try (StdioProcess server = initialized()) {
            server.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_select\","
                    + "\"arguments\":{\"sql\":\"SELECT count(*), 'done' AS status FROM public.big_numbers "
                    + "CROSS JOIN generate_series(1, 5)\"}}}");
            server.closeInput();
            JsonNode response = read(server);
            assertThat(response.path("id").asInt()).isEqualTo(9);
            assertThat(response.path("result").path("isError").asBoolean()).isFalse();
            assertThat(response.path("result").path("structuredContent").path("rows").get(0).get(1).asString())
                    .isEqualTo("done");
            assertThat(server.waitForExit(30)).isZero();
        }
    }

    @Test
    void neverSendsStackTracesToTheClient() throws Exception {
        try (StdioProcess server = initialized()) {
            for (String sql : List.of("SELECT * FROM nowhere", "SELECT 1; SELECT 2", "SELECT 'unterminated")) {
                server.send("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tools/call\",\"params\":{\"name\":"
                        + "\"execute_select\",\"arguments\":{\"sql\":" + JSON.writeValueAsString(sql) + "}}}");
                JsonNode result = read(server).path("result");
                assertThat(result.path("isError").asBoolean()).isTrue();
                String text = result.path("content").get(0).path("text").asString();
                assertThat(text).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.pgmcp")
                        .doesNotContain("org.postgresql");
            }
        }
    }
}
