package dev.pgmcp.server.http;

import static dev.pgmcp.server.http.RawMcp.INITIALIZE;
import static dev.pgmcp.server.http.SessionOwnerIT.OTHER_KEY;
import static dev.pgmcp.server.http.SessionOwnerIT.OWNER_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cheap requests that would cost the server a lot, over real sockets: a body that arrives too slowly
 * is cut off and the server keeps serving others; a caller over its connection bound gets 429; the
 * call slot is taken only once the body starts to arrive, and then bounded in time.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SlowBodyIT {

    private static final String BODY = INITIALIZE;

    @TempDir
    Path dir;

    /** A raw HTTP/1.1 client that sends the headers of a POST and then the body at its own pace. */
    private static final class RawPost implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        int sent;

        RawPost(int port, String key) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(60_000); // hang guard only
            out = socket.getOutputStream();
            out.write(("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nX-API-Key: " + key + "\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Sends the next {@code n} bytes of the body; false when the server has closed the connection. */
        boolean send(int n) {
            try {
                int count = Math.min(n, body.length - sent);
                out.write(body, sent, count);
                out.flush();
                sent += count;
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        /** Whether the server has begun to answer. */
        boolean answered() throws IOException {
            return socket.getInputStream().available() > 0;
        }

        /** What the server answered, or "" when it closed the connection without an answer. */
        String answer() throws IOException {
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            try {
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[4096];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    response.write(buffer, 0, n);
                    if (response.toString(StandardCharsets.UTF_8).contains("\r\n\r\n")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server neither answered nor closed the connection", e);
            } catch (IOException reset) {
                // closed by the server
            }
            return response.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static HttpResponse<String> initialize(HttpProcess server, String key) throws Exception {
        return RawMcp.post(server.mcpUrl(), BODY, Map.of("X-API-Key", key));
    }

    /** Sends complete requests until one gets {@code status} (the server has seen the held requests). */
    private static HttpResponse<String> untilStatus(HttpProcess server, String key, int status) throws Exception {
        HttpResponse<String> last = null;
        for (int i = 0; i < 200; i++) {
            last = initialize(server, key);
            if (last.statusCode() == status) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never got " + status + "; last: " + last.statusCode() + " " + last.body());
    }

    @Test
    void aBodyBelowTheMinimumDataRateIsCutOffAndOthersAreServed() throws Exception {
        try (HttpProcess server = SessionOwnerIT.serveWithKeys(dir, "--stateless", "--min-request-data-rate", "200");
             RawPost slow = new RawPost(server.port, OWNER_KEY)) {
            // One byte at a time, far below 200 bytes per second, until the server gives up on it.
            boolean open = true;
            while (open && !slow.answered() && slow.sent < slow.body.length - 1) {
                open = slow.send(1);
                assertThat(initialize(server, OTHER_KEY).statusCode()).as("another caller is served meanwhile")
                        .isEqualTo(200);
                Thread.sleep(100);
            }
            String answer = slow.answer();
            assertThat(answer).as("the slow body was cut off before it was complete").startsWith("HTTP/1.1 408");
            assertThat(slow.sent).isLessThan(slow.body.length);
            assertThat(initialize(server, OWNER_KEY).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theCallSlotIsTakenOnlyOnceTheBodyArrivesAndIsBoundedByTheBodyTimeout() throws Exception {
        try (HttpProcess server = SessionOwnerIT.serveWithKeys(dir, "--stateless", "--max-concurrent-calls", "1",
                "--min-request-data-rate", "0", "--request-body-timeout", "2s")) {
            try (RawPost headersOnly = new RawPost(server.port, OWNER_KEY)) {
                // No body byte sent: the request holds no call slot, so the next caller is served.
                assertThat(initialize(server, OTHER_KEY).statusCode()).isEqualTo(200);
                assertThat(initialize(server, OTHER_KEY).statusCode()).isEqualTo(200);
            }
            // Once its body has begun, a stalled request is received inside the only call slot: others
            // are told to retry...
            RawPost started = null;
            HttpResponse<String> busy = null;
            for (int attempt = 0; attempt < 10 && busy == null; attempt++) {
                started = new RawPost(server.port, OWNER_KEY);
                assertThat(started.send(5)).isTrue();
                Thread.sleep(300); // lets the request reach the filters first (not an assertion)
                HttpResponse<String> probe = initialize(server, OTHER_KEY);
                if (probe.statusCode() == 503 && !started.answered()) {
                    busy = probe;
                } else {
                    started.close(); // the probe came first; try again
                }
            }
            assertThat(busy).as("a started body holds the call slot").isNotNull();
            try (RawPost stalled = started) {
                assertThat(busy.body()).contains("server busy");
                assertThat(RawMcp.get(server.base() + "/healthz", Map.of()).statusCode()).isEqualTo(200);
                // ...until the body timeout closes the stalled connection and frees the slot.
                assertThat(stalled.answer()).as("closed without an answer").isEmpty();
                untilStatus(server, OTHER_KEY, 200);
            }
            assertThat(server.stderr()).contains("the request body did not arrive within 2 s (--request-body-timeout)");
        }
    }

    @Test
    void aCallerOverItsConnectionBoundIsRefusedAndOthersAreNot() throws Exception {
        try (HttpProcess server = SessionOwnerIT.serveWithKeys(dir, "--stateless", "--max-connections-per-caller",
                "2", "--min-request-data-rate", "0", "--request-body-timeout", "60s");
             RawPost first = new RawPost(server.port, OWNER_KEY);
             RawPost second = new RawPost(server.port, OWNER_KEY)) {
            assertThat(first.send(1)).isTrue();
            assertThat(second.send(1)).isTrue();
            Thread.sleep(300); // lets both reach the filters before the third (not an assertion)
            HttpResponse<String> refused = untilStatus(server, OWNER_KEY, 429);
            assertThat(first.answered() || second.answered()).as("both held connections are still open").isFalse();
            assertThat(refused.headers().firstValue("Retry-After")).contains("1");
            RawMcp.assertCleanError(refused);
            assertThat(refused.body()).contains("too many connections").contains("--max-connections-per-caller");
            assertThat(initialize(server, OTHER_KEY).statusCode()).as("another caller is not affected").isEqualTo(200);
            // Finishing one body frees a connection for the caller again.
            assertThat(first.send(first.body.length)).isTrue();
            assertThat(first.answer()).startsWith("HTTP/1.1 200");
            first.close();
            untilStatus(server, OWNER_KEY, 200);
            assertThat(server.stderr()).contains("refused a request from caller api-key:owner-bot")
                    .doesNotContain(OWNER_KEY);
        }
    }
}
