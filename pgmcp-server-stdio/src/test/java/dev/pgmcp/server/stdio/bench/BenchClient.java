package dev.pgmcp.server.stdio.bench;

import dev.pgmcp.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The stdio jar as a child process, initialized, for the benchmark drivers: one request, one response line. */
final class BenchClient implements AutoCloseable {

    private final Process process;
    private final OutputStream in;
    private final BufferedReader out;
    private int nextId = 1;

    BenchClient(TestDatabase db, List<String> jvmOptions, List<String> serverOptions) throws IOException {
        Path jar = Path.of(System.getProperty("pgmcp.stdio.jar", "pgmcp-server-stdio/target/pgmcp-stdio.jar"));
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--log-level", "warn", "--url", "postgresql://"
                + db.readerUser() + "@" + db.host() + ":" + db.port() + "/" + db.databaseName()));
        command.addAll(serverOptions);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("PGPASSWORD", db.readerPassword());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = builder.start();
        in = process.getOutputStream();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        send("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
        out.readLine();
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    /** Calls execute_select with the given JSON arguments object and returns the response line. */
    String executeSelect(String argumentsJson) throws IOException {
        send("{\"jsonrpc\":\"2.0\",\"id\":" + nextId++ + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                + "\"execute_select\",\"arguments\":" + argumentsJson + "}}");
        String line = out.readLine();
        if (line == null || line.contains("\"isError\":true")) {
            throw new IllegalStateException("unexpected response: " + line);
        }
        return line;
    }

    private void send(String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    @Override
    public void close() throws Exception {
        in.close();
        process.waitFor();
        out.close();
    }
}
