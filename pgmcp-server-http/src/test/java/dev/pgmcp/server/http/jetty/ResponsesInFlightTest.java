package dev.pgmcp.server.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/**
 * The graceful stop's second wait: a call counts until its response is complete, not merely until
 * the handler returned. The handler here returns at once and finishes the response later, from
 * another thread, as a buffered or streamed servlet response does.
 */
class ResponsesInFlightTest {

    @Test
    void aPostCountsUntilItsResponseIsCompleteAndAGetNeverCounts() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        Handler delayed = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!"POST".equals(request.getMethod())) {
                    response.write(true, ByteBuffer.wrap("get".getBytes(StandardCharsets.UTF_8)), callback);
                    return true;
                }
                response.write(false, ByteBuffer.wrap("first part ".getBytes(StandardCharsets.UTF_8)), Callback.NOOP);
                Thread later = new Thread(() -> {
                    try {
                        finish.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    response.write(true, ByteBuffer.wrap("last part".getBytes(StandardCharsets.UTF_8)), callback);
                });
                later.setDaemon(true);
                later.start();
                returned.countDown();
                return true;
            }
        };
        ResponsesInFlight responses = new ResponsesInFlight(delayed);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(responses);
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/mcp");
            HttpClient client = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> post = client.sendAsync(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(returned.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(responses.count()).as("the handler returned, the response is not complete").isEqualTo(1);
            assertThat(responses.awaitCompleted(Duration.ofMillis(50))).isFalse();

            HttpResponse<String> get = client.send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.body()).isEqualTo("get");
            assertThat(responses.count()).as("a GET (a session's stream) does not count").isEqualTo(1);

            finish.countDown();
            assertThat(responses.awaitCompleted(Duration.ofSeconds(30))).isTrue();
            assertThat(responses.count()).isZero();
            assertThat(post.get(30, TimeUnit.SECONDS).body()).isEqualTo("first part last part");
        } finally {
            finish.countDown();
            server.stop();
        }
    }
}
