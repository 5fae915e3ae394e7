package dev.pgmcp.server.http;

import dev.pgmcp.testing.ReaderConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The HTTP jar as a child process on a free loopback port. */
final class HttpProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("pgmcp.http.jar", "target/pgmcp-http.jar"));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final Path stderr;
    private final Path stdout;
    final int port;

    private HttpProcess(Process process, Path stdout, Path stderr, int port) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.port = port;
    }

    /** Starts the server as the reader role on a free port, with {@code extra} options. */
    static HttpProcess serve(String... extra) throws Exception {
        int port = freePort();
        List<String> args = ReaderConnection.args("--listen", "127.0.0.1:" + port);
        args.addAll(List.of(extra));
        HttpProcess process = start(args, ReaderConnection.env(), port);
        process.awaitHealthy();
        return process;
    }

    static HttpProcess start(List<String> args, Map<String, String> env, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("AWS_"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("pgmcp-http-", ".out");
        Path err = Files.createTempFile("pgmcp-http-", ".err");
        builder.redirectOutput(out.toFile());
        builder.redirectError(err.toFile());
        return new HttpProcess(builder.start(), out, err, port);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    String mcpUrl() {
        return base() + "/mcp";
    }

    void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("pgmcp-http exited with " + process.exitValue() + ":\n" + stderr());
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("pgmcp-http did not become healthy; stderr:\n" + stderr());
    }

    /** Sends SIGTERM, as Kubernetes and systemd do. */
    void terminate() {
        process.destroy();
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pgmcp-http did not exit within " + seconds + " s; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "";
        }
    }

    String stdout() {
        try {
            return Files.readString(stdout);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(stderr);
            Files.deleteIfExists(stdout);
        } catch (IOException | InterruptedException ignored) {
            // temp files
        }
    }
}
