package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One session of the official MCP TypeScript SDK client (src/test/e2e/session.mjs) with the jar, for
 * many calls in one client process: each call is sent when the caller asks for it and its answer
 * read back, so a test can decide the next call after seeing the last answer.
 */
final class OfficialClientSession implements AutoCloseable {

    /** Non-ASCII escaped, so that a lone surrogate reaches the client as the escape a JSON client sends. */
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final Path E2E = Path.of(System.getProperty("pgmcp.e2e.dir", "src/test/e2e"));
    /** Longer than the client's own request timeout (60 s), after which it answers with a protocol error. */
    private static final long ANSWER_SECONDS = 120;
    private static final String END = "\u0000end";

    private final Process node;
    private final Path server;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> tools = new ArrayList<>();

    private OfficialClientSession(Process node, Path server) {
        this.node = node;
        this.server = server;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the client ended
            }
            lines.add(END);
        }, "official-client-session-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code java -jar pgmcp-stdio.jar serverArgs...} under the client and waits until it is initialized. */
    static OfficialClientSession start(List<String> serverArgs, Map<String, String> env) throws Exception {
        assertThat(E2E.resolve("node_modules/@modelcontextprotocol/sdk")).as("the e2e client is installed "
                + "(mvn verify runs 'npm ci' in %s)", E2E).exists();
        List<String> args = new ArrayList<>(List.of("-jar", StdioProcess.JAR.toAbsolutePath().toString()));
        args.addAll(serverArgs);
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("command", "java");
        command.put("args", args);
        command.put("env", env);
        Path file = Files.createTempFile("pgmcp-session-", ".json");
        Files.writeString(file, JSON.writeValueAsString(command));
        Process node = new ProcessBuilder("node", E2E.resolve("session.mjs").toAbsolutePath().toString(),
                file.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        OfficialClientSession session = new OfficialClientSession(node, file);
        JsonNode ready = session.next();
        assertThat(ready.path("ready").asBoolean()).as("the client connected: %s", ready).isTrue();
        ready.path("tools").forEach(t -> session.tools.add(t.asString()));
        return session;
    }

    /** The tool names the server listed. */
    List<String> tools() {
        return tools;
    }

    /** Calls a tool and returns {isError, text, structuredContent} (or {isError, protocolError, text}). */
    JsonNode call(String tool, Map<String, Object> arguments) throws Exception {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("tool", tool);
        call.put("arguments", arguments);
        OutputStream in = node.getOutputStream();
        in.write((JSON.writeValueAsString(call) + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        return next();
    }

    private JsonNode next() throws Exception {
        String line = lines.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
        assertThat(line).as("the client answered").isNotNull().isNotEqualTo(END);
        return JSON.readTree(line);
    }

    @Override
    public void close() throws Exception {
        try {
            node.getOutputStream().close();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(server);
        }
    }
}
