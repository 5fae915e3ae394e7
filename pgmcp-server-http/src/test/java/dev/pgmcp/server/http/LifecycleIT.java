package dev.pgmcp.server.http;

import dev.pgmcp.testing.ReaderConnection;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.testing.TestDatabase;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start-up failures exit non-zero with one line; SIGTERM lets calls in flight finish; check works. */
class LifecycleIT {

    @Test
    void sigtermFinishesTheCallInFlightThenExits() throws Exception {
        HttpProcess server = HttpProcess.serve("--stateless", "--lock-timeout", "5min", "--statement-timeout", "5min",
                "--shutdown-timeout", "5min");
        try (server) {
            CompletableFuture<HttpResponse<String>> inFlight;
            try (TableLock lock = TableLock.on("sales.orders")) {
                inFlight = BackPressureIT.postAsync(server.mcpUrl(), BackPressureIT.COUNT_ORDERS);
                lock.awaitWaiters(1);
                server.terminate();
                awaitLog(server, "stopping: finishing calls in flight (up to 5min)");
                assertThat(inFlight).isNotDone();
                HttpClient fresh = HttpClient.newHttpClient();
                assertThatThrownBy(() -> fresh.send(HttpRequest.newBuilder(URI.create(server.base() + "/healthz"))
                        .build(), HttpResponse.BodyHandlers.ofString())).as("no new connections")
                        .isInstanceOf(java.io.IOException.class);
            }
            HttpResponse<String> answered = inFlight.get(60, TimeUnit.SECONDS);
            assertThat(answered.statusCode()).isEqualTo(200);
            assertThat(answered.body()).contains("\"row_count\":1");
            assertThat(server.waitForExit(60)).as("128 + SIGTERM").isEqualTo(143);
            assertThat(server.stderr()).contains("stopped: every call in flight finished");
        }
    }

    private static void awaitLog(HttpProcess server, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!server.stderr().contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + line + "' in:\n" + server.stderr());
            }
            Thread.sleep(100);
        }
    }

    private static HttpProcess startFailing(List<String> args, Map<String, String> env) throws Exception {
        return HttpProcess.start(args, env, 0);
    }

    @Test
    void portInUseExitsWithOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            try (HttpProcess server = startFailing(ReaderConnection.args("--listen", "127.0.0.1:" + port),
                    ReaderConnection.env())) {
                assertThat(server.waitForExit(90)).isEqualTo(1);
                assertThat(server.stderr()).contains("pgmcp: cannot listen on 127.0.0.1:" + port)
                        .contains("--listen").doesNotContain("\tat ").doesNotContain("Exception");
            }
        }
    }

    @Test
    void unreachableDatabaseExitsWithOneLine() throws Exception {
        int closed = HttpProcess.freePort();
        try (HttpProcess server = startFailing(List.of("--url", "postgresql://reader@127.0.0.1:" + closed
                + "/app?connect_timeout=2", "--listen", "127.0.0.1:" + HttpProcess.freePort()), Map.of())) {
            assertThat(server.waitForExit(90)).isEqualTo(1);
            assertThat(server.stderr()).contains("pgmcp: cannot connect to PostgreSQL").doesNotContain("\tat ");
        }
    }

    @Test
    void badTlsFilesAndOptionsExitWithUsageErrors() throws Exception {
        Path garbage = Files.createTempFile("pgmcp-cert-", ".pem");
        Files.writeString(garbage, "not a certificate");
        try {
            List<String> args = new ArrayList<>(ReaderConnection.args("--listen", "127.0.0.1:" + HttpProcess.freePort(),
                    "--tls-cert", garbage.toString(), "--tls-key", garbage.toString()));
            try (HttpProcess server = startFailing(args, ReaderConnection.env())) {
                assertThat(server.waitForExit(90)).isEqualTo(2);
                assertThat(server.stderr()).contains("pgmcp: --tls-cert " + garbage + " holds no")
                        .doesNotContain("\tat ");
            }
            try (HttpProcess server = startFailing(ReaderConnection.args("--tls-cert", "/nonexistent/cert.pem"),
                    ReaderConnection.env())) {
                assertThat(server.waitForExit(90)).isEqualTo(2);
                assertThat(server.stderr()).contains("--tls-cert and --tls-key go together");
            }
            try (HttpProcess server = startFailing(ReaderConnection.args("--listen", "localhost"),
                    ReaderConnection.env())) {
                assertThat(server.waitForExit(90)).isEqualTo(2);
                assertThat(server.stderr()).contains("--listen: invalid value \"localhost\"; write HOST:PORT");
            }
        } finally {
            Files.delete(garbage);
        }
    }

    @Test
    void checkSubcommandReportsTheConnection() throws Exception {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(ReaderConnection.args());
        try (HttpProcess check = startFailing(args, ReaderConnection.env())) {
            assertThat(check.waitForExit(90)).as(check.stderr()).isZero();
            assertThat(check.stdout()).contains("role:        " + TestDatabase.get().readerUser())
                    .contains("check:       ok").doesNotContain(TestDatabase.get().readerPassword());
        }
    }
}
