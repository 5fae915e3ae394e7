package dev.pgmcp.server.http;

import static dev.pgmcp.server.http.RawMcp.INITIALIZE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.server.http.auth.HashKeyCommand;
import dev.pgmcp.testing.ReaderConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A session belongs to the caller that created it: another API key gets 404 for POST, GET (the
 * event stream) and DELETE, exactly as for a session that does not exist, and the attempt is
 * logged with the key's name, never the key. The owner keeps working. Stateless mode, which has no
 * sessions, still serves both keys.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SessionOwnerIT {

    static final String OWNER_KEY = HashKeyCommand.generate();
    static final String OTHER_KEY = HashKeyCommand.generate();
    static final String VERSION = "2025-06-18";

    @TempDir
    Path dir;

    /** Starts the jar with two API keys and the given extra options. */
    static HttpProcess serveWithKeys(Path dir, String... extra) throws Exception {
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, """
                access:
                  api-keys:
                    - {name: owner-bot, sha256: %s, profile: default}
                    - {name: other-bot, sha256: %s, profile: default}
                """.formatted(HashKeyCommand.sha256Hex(OWNER_KEY), HashKeyCommand.sha256Hex(OTHER_KEY)));
        int port = HttpProcess.freePort();
        List<String> args = ReaderConnection.args("--listen", "127.0.0.1:" + port, "--config", config.toString());
        args.addAll(List.of(extra));
        HttpProcess server = HttpProcess.start(args, ReaderConnection.env(), port);
        server.awaitHealthy();
        return server;
    }

    private static Map<String, String> as(String key, String session) {
        return session == null ? Map.of("X-API-Key", key, "MCP-Protocol-Version", VERSION)
                : Map.of("X-API-Key", key, "Mcp-Session-Id", session, "MCP-Protocol-Version", VERSION);
    }

    private static HttpResponse<String> delete(String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).DELETE();
        headers.forEach(request::header);
        return HttpProcess.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Opens the session's event stream. The SDK sends the stream's headers only with its first event,
     * so a refused stream completes at once and an accepted one completes when the session ends.
     */
    private static CompletableFuture<HttpResponse<String>> openStream(String url, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET().header("Accept", "text/event-stream");
        headers.forEach(request::header);
        return HttpProcess.HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new session of {@code key}, initialized. */
    private static String newSession(String url, String key) throws Exception {
        HttpResponse<String> init = RawMcp.post(url, INITIALIZE, Map.of("X-API-Key", key));
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(RawMcp.post(url, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
                as(key, session)).statusCode()).isEqualTo(202);
        return session;
    }

    private static String listTools(int id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/list\"}";
    }

    @Test
    void anotherKeyCannotUseReadOrDeleteASession() throws Exception {
        try (HttpProcess server = serveWithKeys(dir)) {
            String url = server.mcpUrl();
            String session = newSession(url, OWNER_KEY);

            // What a session that does not exist looks like, for comparison.
            String unknown = session.substring(0, session.length() - 4) + "beef";
            HttpResponse<String> missing = RawMcp.post(url, listTools(2), as(OTHER_KEY, unknown));
            assertThat(missing.statusCode()).isEqualTo(404);

            HttpResponse<String> foreignPost = RawMcp.post(url, listTools(2), as(OTHER_KEY, session));
            assertThat(foreignPost.statusCode()).isEqualTo(404);
            RawMcp.assertCleanError(foreignPost);
            assertThat(foreignPost.body()).isEqualTo(missing.body().replace(unknown, session))
                    .doesNotContain("tools");
            HttpResponse<String> foreignStream = openStream(url, as(OTHER_KEY, session)).get(60, TimeUnit.SECONDS);
            assertThat(foreignStream.statusCode()).isEqualTo(404);
            RawMcp.assertCleanError(foreignStream);
            HttpResponse<String> foreignDelete = delete(url, as(OTHER_KEY, session));
            assertThat(foreignDelete.statusCode()).isEqualTo(404);
            assertThat(foreignDelete.body()).isEqualTo(delete(url, as(OTHER_KEY, unknown)).body()
                    .replace(unknown, session));

            // The owner's session survived all of that.
            HttpResponse<String> ownerPost = RawMcp.post(url, listTools(3), as(OWNER_KEY, session));
            assertThat(ownerPost.statusCode()).isEqualTo(200);
            assertThat(ownerPost.body()).contains("execute_select");
            assertThat(delete(url, as(OWNER_KEY, session)).statusCode()).isEqualTo(200);
            assertThat(RawMcp.post(url, listTools(4), as(OWNER_KEY, session)).statusCode()).isEqualTo(404);
            assertThat(ownerStreamIsAccepted(url)).as("the owner's event stream is served").isTrue();

            String log = server.stderr();
            assertThat(log).contains("of caller api-key:owner-bot from caller api-key:other-bot")
                    .contains("refused POST for session").contains("refused GET for session")
                    .contains("refused DELETE for session")
                    .doesNotContain(OWNER_KEY).doesNotContain(OTHER_KEY).doesNotContain(session);
        }
    }

    /**
     * Opens the owner's event stream, then ends the session: an accepted stream then completes with
     * 200. A stream that reaches the server only after the DELETE gets 404 for the ended session, so
     * a few fresh sessions are tried; a refused stream would get 404 every time.
     */
    private static boolean ownerStreamIsAccepted(String url) throws Exception {
        for (int attempt = 0; attempt < 5; attempt++) {
            String session = newSession(url, OWNER_KEY);
            CompletableFuture<HttpResponse<String>> stream = openStream(url, as(OWNER_KEY, session));
            Thread.sleep(500); // let the stream reach the server before the session ends (not an assertion)
            assertThat(stream.isDone()).as("the owner's stream is not refused").isFalse();
            assertThat(delete(url, as(OWNER_KEY, session)).statusCode()).isEqualTo(200);
            if (stream.get(60, TimeUnit.SECONDS).statusCode() == 200) {
                return true;
            }
        }
        return false;
    }

    @Test
    void theOfficialClientStillWorksForEachKey() throws Exception {
        // Two connections per caller: a request that left its count behind would soon lock the caller out.
        try (HttpProcess server = serveWithKeys(dir, "--max-connections-per-caller", "2")) {
            for (String key : List.of(OWNER_KEY, OTHER_KEY, OWNER_KEY)) {
                JsonNode output = NodeClient.run(server.mcpUrl(), Map.of("X-API-Key", key), List.of(
                        NodeClient.call("execute_select", Map.of("sql", "SELECT 1 AS one")),
                        NodeClient.call("list_schemas", Map.of()),
                        NodeClient.call("execute_select", Map.of("sql", "SELECT 2 AS two"))));
                assertThat(output.path("sessionId").asString()).isNotBlank();
                output.path("results").forEach(r -> assertThat(r.path("isError").asBoolean()).as(r.toString()).isFalse());
                assertThat(output.path("ping").asString()).isEqualTo("ok");
            }
        }
    }

    @Test
    void statelessModeServesBothKeysWithoutSessions() throws Exception {
        try (HttpProcess server = serveWithKeys(dir, "--stateless")) {
            for (String key : List.of(OWNER_KEY, OTHER_KEY)) {
                JsonNode output = NodeClient.run(server.mcpUrl(), Map.of("Authorization", "Bearer " + key), List.of(
                        NodeClient.call("execute_select", Map.of("sql", "SELECT 1 AS one"))));
                assertThat(output.path("sessionId").isNull()).isTrue();
                assertThat(output.path("results").get(0).path("isError").asBoolean()).isFalse();
            }
            // A made-up session id changes nothing in stateless mode: the request is simply served.
            HttpResponse<String> withHeader = RawMcp.post(server.mcpUrl(), listTools(5), as(OTHER_KEY, "made-up"));
            assertThat(withHeader.statusCode()).isEqualTo(200);
        }
    }
}
