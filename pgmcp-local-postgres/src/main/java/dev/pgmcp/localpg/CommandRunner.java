package dev.pgmcp.localpg;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs external commands with a time limit, their output appended to a file.
 *
 * <p>Output goes to a file rather than a pipe on purpose: {@code pg_ctl start} leaves a daemon
 * behind that would keep a pipe open forever.
 */
final class CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CommandRunner.class);
    private static final int MAX_CAPTURED_BYTES = 64 * 1024;

    /** The outcome of one command: its exit code and what it printed (stdout and stderr). */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private CommandRunner() {}

    /**
     * Runs {@code command} in {@code workDir} (null: the current one), appending its output to
     * {@code log} (null: a temporary file), and waits at most {@code timeout} for it.
     *
     * @throws ThrowawayPostgresException if it cannot be started or does not finish in time
     */
    static Result run(List<String> command, Path workDir, Path log, Duration timeout) {
        Path out = log;
        boolean temporary = false;
        try {
            if (out == null) {
                out = Files.createTempFile("pgmcp-cmd-", ".log");
                temporary = true;
            }
            long offset = Files.exists(out) ? Files.size(out) : 0L;
            LOG.debug("Running {}", command);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ThrowawayPostgresException("'" + String.join(" ", command)
                        + "' did not finish within " + timeout.toSeconds() + " s; output so far:\n"
                        + readFrom(out, offset));
            }
            return new Result(process.exitValue(), readFrom(out, offset));
        } catch (IOException e) {
            throw new ThrowawayPostgresException("Could not run '" + command.get(0) + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThrowawayPostgresException("Interrupted while running '" + command.get(0) + "'", e);
        } finally {
            if (temporary) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }

    private static String readFrom(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(offset, raf.length() - MAX_CAPTURED_BYTES);
            byte[] bytes = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).strip();
        }
    }

    /** The last {@code lines} lines of a text file, or a note saying why there are none. */
    static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "(no log file)";
        }
        try {
            Deque<String> last = new ArrayDeque<>(lines);
            for (String line : readFrom(file, 0L).split("\n", -1)) {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
            return String.join("\n", last);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Finds an executable on the PATH, or null. */
    static Path onPath(String pathVariable, String name) {
        if (pathVariable == null) {
            return null;
        }
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
