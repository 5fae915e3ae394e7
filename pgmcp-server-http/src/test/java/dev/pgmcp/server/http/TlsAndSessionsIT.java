package dev.pgmcp.server.http;

import dev.pgmcp.testing.ReaderConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** HTTPS from PEM files; idle sessions are dropped. */
class TlsAndSessionsIT {

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void servesHttpsWithPemFiles() throws Exception {
        Path dir = Files.createTempDirectory("pgmcp-tls-");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString());
        int port = HttpProcess.freePort();
        List<String> args = new ArrayList<>(ReaderConnection.args("--listen", "127.0.0.1:" + port,
                "--tls-cert", cert.toString(), "--tls-key", key.toString()));
        try (HttpProcess server = HttpProcess.start(args, ReaderConnection.env(), port)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (var in = Files.newInputStream(cert)) {
                Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
                trust.setCertificateEntry("pgmcp", c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ssl).build();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (health == null && System.nanoTime() < deadline) {
                try {
                    health = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/healthz"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException notYet) {
                    assertThat(server.stderr()).doesNotContain("pgmcp: ");
                    Thread.sleep(200);
                }
            }
            assertThat(health).as(server.stderr()).isNotNull();
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> init = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/mcp"))
                    .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(RawMcp.INITIALIZE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(init.statusCode()).isEqualTo(200);
            assertThat(init.body()).contains("\"serverInfo\":{\"name\":\"pgmcp\"");
        } finally {
            Files.deleteIfExists(cert);
            Files.deleteIfExists(key);
            Files.delete(dir);
        }
    }

    @Test
    void idleSessionsAreDropped() throws Exception {
        // 3 s, so that the first ping below comes well within the timeout even on a loaded machine.
        try (HttpProcess server = HttpProcess.serve("--session-idle-timeout", "3s")) {
            HttpResponse<String> init = RawMcp.post(server.mcpUrl(), RawMcp.INITIALIZE, Map.of());
            String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
            String ping = "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}";
            // The session answers at first ...
            assertThat(RawMcp.post(server.mcpUrl(), ping, Map.of("Mcp-Session-Id", session)).statusCode()).isEqualTo(200);
            // ... and is gone once it has been idle for a whole sweep (every --session-idle-timeout), so
            // at the latest after twice the timeout. Each probe counts as activity, so the pauses grow.
            int status = 200;
            for (long pause = 7_000; status == 200 && pause <= 56_000; pause *= 2) {
                Thread.sleep(pause);
                status = RawMcp.post(server.mcpUrl(), ping, Map.of("Mcp-Session-Id", session)).statusCode();
            }
            assertThat(status).as("the idle session was dropped").isEqualTo(404);
        }
    }
}
