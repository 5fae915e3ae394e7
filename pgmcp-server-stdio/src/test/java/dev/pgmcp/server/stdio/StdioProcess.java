package dev.pgmcp.server.stdio;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The stdio jar as a child process, spoken to line by line as an MCP client would. */
final class StdioProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("pgmcp.stdio.jar", "target/pgmcp-stdio.jar"));

    private final Process process;
    private final Path stderr;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private StdioProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "stdio-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static StdioProcess start(List<String> args, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(k -> k.startsWith("PG") || k.startsWith("AWS_"));
        builder.environment().putAll(env);
        Path stderr = Files.createTempFile("pgmcp-stdio-", ".err");
        builder.redirectError(stderr.toFile());
        return new StdioProcess(builder.start(), stderr);
    }

    void send(String line) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** Sends one line of {@code chars} times 'x', written in pieces so that this JVM never holds it whole. */
    void sendLongLine(long chars) throws IOException {
        OutputStream in = process.getOutputStream();
        byte[] piece = "x".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        for (long left = chars; left > 0; left -= piece.length) {
            in.write(piece, 0, (int) Math.min(piece.length, left));
        }
        in.write('\n');
        in.flush();
    }

    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /** The next line on standard output, or null after the timeout. */
    String nextLine(long seconds) throws InterruptedException {
        return lines.poll(seconds, TimeUnit.SECONDS);
    }

    int waitForExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pgmcp-stdio did not exit within " + seconds + " s; stderr:\n" + stderr());
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

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            Files.deleteIfExists(stderr);
        } catch (IOException ignored) {
            // temp file
        }
    }
}
