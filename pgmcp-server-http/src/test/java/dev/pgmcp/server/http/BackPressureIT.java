package dev.pgmcp.server.http;

import static dev.pgmcp.server.http.RawMcp.assertCleanError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** When every call slot is busy, the next call gets 503 with Retry-After at once instead of queueing. */
class BackPressureIT {

    static final String COUNT_ORDERS = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{"
            + "\"name\":\"execute_select\",\"arguments\":{\"sql\":\"SELECT count(*) FROM sales.orders\"}}}";

    static CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
        return HttpProcess.HTTP.sendAsync(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answers503WithRetryAfterWhenSaturated() throws Exception {
        try (HttpProcess server = HttpProcess.serve("--stateless", "--max-concurrent-calls", "1",
                "--lock-timeout", "5min", "--statement-timeout", "5min")) {
            CompletableFuture<HttpResponse<String>> first;
            try (TableLock lock = TableLock.on("sales.orders")) {
                first = postAsync(server.mcpUrl(), COUNT_ORDERS);
                lock.awaitWaiters(1);

                HttpResponse<String> refused = RawMcp.post(server.mcpUrl(), COUNT_ORDERS, Map.of());
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertCleanError(refused);
                assertThat(refused.body()).contains("server busy").contains("--max-concurrent-calls");
                assertThat(RawMcp.get(server.base() + "/healthz", Map.of()).statusCode()).isEqualTo(200);
            }
            HttpResponse<String> served = first.get(60, TimeUnit.SECONDS);
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).contains("\"row_count\":1");
            HttpResponse<String> again = RawMcp.post(server.mcpUrl(), COUNT_ORDERS, Map.of());
            assertThat(again.statusCode()).as("the slot is free again").isEqualTo(200);
        }
    }
}
