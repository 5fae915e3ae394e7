package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs a scenario through the official MCP TypeScript SDK client (src/test/e2e/client.mjs) against the jar. */
final class OfficialClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path E2E = Path.of(System.getProperty("pgmcp.e2e.dir", "src/test/e2e"));

    private OfficialClient() {
    }

    static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return Map.of("tool", tool, "arguments", arguments);
    }

    /**
     * Starts {@code java -jar pgmcp-stdio.jar serverArgs...}, lists the tools, makes the calls.
     *
     * @return {serverInfo, instructions, tools, results: [{isError, text, structuredContent}]}
     */
    static JsonNode run(List<String> serverArgs, Map<String, String> env, List<Map<String, Object>> calls)
            throws Exception {
        return run(List.of(), serverArgs, env, calls);
    }

    /** As {@link #run(List, Map, List)}, with options for the JVM ({@code -Xmx256m}, ...) before {@code -jar}. */
    static JsonNode run(List<String> jvmArgs, List<String> serverArgs, Map<String, String> env,
                        List<Map<String, Object>> calls) throws Exception {
        assertThat(E2E.resolve("node_modules/@modelcontextprotocol/sdk")).as("the e2e client is installed "
                + "(mvn verify runs 'npm ci' in %s)", E2E).exists();
        Map<String, Object> scenario = new LinkedHashMap<>();
        List<String> args = new ArrayList<>(jvmArgs);
        args.addAll(List.of("-jar", StdioProcess.JAR.toAbsolutePath().toString()));
        args.addAll(serverArgs);
        scenario.put("command", "java");
        scenario.put("args", args);
        scenario.put("env", env);
        scenario.put("calls", calls);
        Path file = Files.createTempFile("pgmcp-scenario-", ".json");
        Files.writeString(file, JSON.writeValueAsString(scenario));
        Path out = Files.createTempFile("pgmcp-scenario-", ".out");
        try {
            Process node = new ProcessBuilder("node", E2E.resolve("client.mjs").toAbsolutePath().toString(),
                    file.toString()).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("the client finished").isTrue();
            assertThat(node.exitValue()).isZero();
            return JSON.readTree(Files.readString(out));
        } finally {
            Files.delete(file);
            Files.delete(out);
        }
    }
}
