package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded jar against databases it cannot reach: a peer that accepts and never answers is given
 * up on after connect_timeout, and a host name that does not resolve is named, both at start-up and
 * in {@code check}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConnectionStartupIT {

    /** A real TCP server that accepts connections and never writes a byte. */
    private static ServerSocket silentServer(List<Socket> accepted) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    @Test
    void startUpAndCheckGiveUpOnASilentPeerAfterConnectTimeout() throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = silentServer(accepted)) {
            String where = "127.0.0.1:" + silent.getLocalPort();
            try (StdioProcess server = StdioProcess.start(List.of("--url", "postgresql://someone@" + where
                    + "/db?connect_timeout=2"), Map.of("PGPASSWORD", "hunter2-secret"))) {
                assertThat(server.waitForExit(120)).isEqualTo(1);
                assertThat(server.stderr()).contains("pgmcp: cannot connect to PostgreSQL as someone@" + where + "/db")
                        .contains("no answer from " + where + " within 2 s (connect_timeout)")
                        .doesNotContain("hunter2-secret").doesNotContain("\tat ");
            }
            try (StdioProcess check = StdioProcess.start(List.of("check", "--url", "postgresql://someone@" + where
                    + "/db"), Map.of("PGCONNECT_TIMEOUT", "1", "PGPASSWORD", "hunter2-secret"))) {
                assertThat(check.waitForExit(120)).isEqualTo(1);
                assertThat(check.stderr()).contains("no answer from " + where + " within 1 s (connect_timeout)")
                        .doesNotContain("hunter2-secret").doesNotContain("\tat ");
            }
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void startUpAndCheckNameAHostThatDoesNotResolve() throws Exception {
        String url = "postgresql://someone@nonexistent.invalid:5432/db";
        try (StdioProcess server = StdioProcess.start(List.of("--url", url), Map.of())) {
            assertThat(server.waitForExit(120)).isEqualTo(1);
            assertThat(server.stderr()).contains("the host name 'nonexistent.invalid' does not resolve")
                    .doesNotContain("The connection attempt failed").doesNotContain("\tat ");
        }
        try (StdioProcess check = StdioProcess.start(List.of("check", "--url", url), Map.of())) {
            assertThat(check.waitForExit(120)).isEqualTo(1);
            assertThat(check.stderr()).contains("the host name 'nonexistent.invalid' does not resolve")
                    .doesNotContain("\tat ");
        }
    }
}
