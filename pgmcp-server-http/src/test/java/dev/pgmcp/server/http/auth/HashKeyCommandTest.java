package dev.pgmcp.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HashKeyCommandTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(String stdin, String... args) {
        CommandLine commandLine = new CommandLine(new HashKeyCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void hashesTheKeyFromStandardInput() {
        // printf %s 'pgmcp_0123456789abcdefghijklmnopqrstuvwxyz' | sha256sum
        Run run = run("pgmcp_0123456789abcdefghijklmnopqrstuvwxyz\n");
        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).isEqualTo("2393eecef1e91cc51fc2ecfedb0bfad801297273d0bca81e5101d7c077c9ab80");
    }

    @Test
    void refusesShortOrSpacedKeys() {
        for (String key : new String[] {"", "short-key", "pgmcp_0123456789 abcdefghijklmnopqrstuvwxyz"}) {
            Run run = run(key + "\n");
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("at least 32 printable characters", "--generate");
        }
    }

    @Test
    void generatesAKeyWithItsHash() {
        Run run = run("", "--generate");
        assertThat(run.exit()).isZero();
        String[] lines = run.out().split("\n");
        String key = lines[0].substring("key:".length()).strip();
        String hash = lines[1].substring("sha256:".length()).strip();
        assertThat(key).matches("pgmcp_[A-Za-z0-9_-]{43}");
        assertThat(hash).isEqualTo(HashKeyCommand.sha256Hex(key)).matches("[0-9a-f]{64}");
        assertThat(run("", "--generate").out()).doesNotContain(key);
        assertThat(run(key).out().strip()).isEqualTo(hash);
    }
}
