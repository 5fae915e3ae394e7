package dev.pgmcp.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.server.common.CommandLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP host's start-up problems, found before connecting, each naming where it was written. */
class HttpPlanTest {

    private static final String LISTEN_RULE = "listening on 0.0.0.0 (not a loopback address) requires authentication";

    @TempDir
    Path dir;

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("pgmcp.yaml"), yaml);
    }

    private static List<String> problems(String... args) {
        return CommandLines.problems(new HttpCommand(), args, Map.of());
    }

    @Test
    void anHttpValueFromTheFileNamesTheFileAndTheKey() throws Exception {
        Path file = config("listen: localhost\nmax-request-bytes: 10\n");
        assertThat(problems("--config", file.toString())).containsExactly(
                file + ": listen: invalid value \"localhost\"; write HOST:PORT, e.g. 127.0.0.1:8080");
        assertThat(problems("--config", file.toString(), "--listen", "127.0.0.1:0")).containsExactly(
                file + ": max-request-bytes: must be at least 1024, was 10");
        assertThat(problems("--listen", "localhost")).containsExactly(
                "--listen: invalid value \"localhost\"; write HOST:PORT, e.g. 127.0.0.1:8080");
    }

    @Test
    void theListenRuleAndTheAccessSectionAreStartUpProblems() throws Exception {
        assertThat(problems("--listen", "0.0.0.0:8080")).singleElement().asString().startsWith(LISTEN_RULE);
        Path file = config("access:\n  api-keys: [{name: bot}]\n");
        assertThat(problems("--config", file.toString())).containsExactly(file + ": access.api-keys[0].sha256 is "
                + "required");
    }

    @Test
    void everyProblemIsReportedAtOnce() throws Exception {
        Path file = config("""
                listen: 0.0.0.0:8080
                max-cost: 0
                tls-cert: /nonexistent/cert.pem
                tls-key: /nonexistent/key.pem
                """);
        assertThat(problems("--config", file.toString(), "--http-max-threads", "3")).containsExactly(
                file + ": max-cost: must be a positive number, was 0.0",
                "--http-max-threads: 3 is too small for 8 concurrent calls (--max-concurrent-calls); give at least 16");
        assertThat(problems("--config", file.toString())).containsExactly(
                file + ": max-cost: must be a positive number, was 0.0",
                file + ": tls-cert: /nonexistent/cert.pem is not a readable file");
    }
}
