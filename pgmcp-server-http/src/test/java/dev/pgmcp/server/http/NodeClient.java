package dev.pgmcp.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs src/test/e2e/client.mjs: the official MCP TypeScript SDK client over Streamable HTTP. */
final class NodeClient {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path E2E = Path.of(System.getProperty("pgmcp.e2e.dir", "src/test/e2e"));

    private NodeClient() {
    }

    static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return Map.of("tool", tool, "arguments", arguments);
    }

    static JsonNode run(String url, List<Map<String, Object>> calls) throws Exception {
        return run(url, Map.of(), calls);
    }

    /** Runs the calls with extra HTTP headers on every request (for example credentials). */
    static JsonNode run(String url, Map<String, String> headers, List<Map<String, Object>> calls) throws Exception {
        assertThat(E2E.resolve("node_modules/@modelcontextprotocol/sdk")).as("the e2e client is installed "
                + "(mvn verify runs 'npm ci' in %s)", E2E).exists();
        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("url", url);
        scenario.put("headers", headers);
        scenario.put("calls", calls);
        Path file = Files.createTempFile("pgmcp-http-scenario-", ".json");
        Files.writeString(file, JSON.writeValueAsString(scenario));
        Path out = Files.createTempFile("pgmcp-http-scenario-", ".out");
        Path err = Files.createTempFile("pgmcp-http-scenario-", ".err");
        try {
            Process node = new ProcessBuilder("node", E2E.resolve("client.mjs").toAbsolutePath().toString(),
                    file.toString()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("the client finished").isTrue();
            assertThat(node.exitValue()).as("client exit; stderr: %s", Files.readString(err)).isZero();
            return JSON.readTree(Files.readString(out));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
