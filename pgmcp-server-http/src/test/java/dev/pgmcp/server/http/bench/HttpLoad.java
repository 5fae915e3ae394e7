package dev.pgmcp.server.http.bench;

import dev.pgmcp.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver (not a test): starts {@code pgmcp-http.jar} against the test database, runs N
 * concurrent clients for a fixed time, each doing {@code tools/call execute_select} in a loop, and
 * prints calls/s, latency percentiles, errors by kind and the server's memory. Run it as documented
 * in docs/benchmarks/http-load.md. System properties: clients (16), seconds (30), warmup (10),
 * stateless (true), serverArgs (extra server options, space-separated).
 */
public final class HttpLoad {

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\",\"params\":{"
            + "\"name\":\"execute_select\",\"arguments\":{\"sql\":\"SELECT id, val, label FROM public.big_numbers "
            + "WHERE id = $1\",\"params\":[%d]}}}";

    public static void main(String[] args) throws Exception {
        int clients = Integer.getInteger("clients", 16);
        int seconds = Integer.getInteger("seconds", 30);
        int warmup = Integer.getInteger("warmup", 10);
        boolean stateless = Boolean.parseBoolean(System.getProperty("stateless", "true"));
        Path jar = Path.of(System.getProperty("pgmcp.http.jar", "pgmcp-server-http/target/pgmcp-http.jar"));
        TestDatabase db = TestDatabase.get();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-jar", jar.toString(), "--url",
                "postgresql://" + db.readerUser() + "@" + db.host() + ":" + db.port() + "/" + db.databaseName(),
                "--listen", "127.0.0.1:" + port, "--log-level", "warn"));
        if (stateless) {
            command.add("--stateless");
        }
        String extra = System.getProperty("serverArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("pgmcp-load-", ".log").toFile());
        builder.environment().put("PGPASSWORD", db.readerPassword());
        Process server = builder.start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            awaitReady(http, base, server);
            String session = stateless ? null : initialize(http, base);
            System.out.printf("%d clients, %s mode, %d s warm-up, %d s measured, server: %s%n", clients,
                    stateless ? "stateless" : "sessionful", warmup, seconds, String.join(" ", command.subList(4,
                            command.size())).replace(db.readerPassword(), "***"));
            run(http, base, session, clients, warmup, null);
            Stats stats = new Stats();
            run(http, base, session, clients, seconds, stats);
            long rss = rssKib(server.pid());
            long[] latencies = stats.latencies();
            Arrays.sort(latencies);
            System.out.println("| clients | calls/s | p50 ms | p90 ms | p99 ms | max ms | errors | server RSS MiB |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            System.out.printf("| %d | %.0f | %.1f | %.1f | %.1f | %.1f | %s | %d |%n", clients,
                    latencies.length / (double) seconds, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                    latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6, stats.errors.isEmpty() ? "0"
                            : stats.errors.toString(), rss / 1024);
        } finally {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static final class Stats {
        final ConcurrentHashMap<String, AtomicLong> errors = new ConcurrentHashMap<>();
        /** Each client's latency buffer and how much of it is filled. */
        final ConcurrentHashMap<long[], Integer> counts = new ConcurrentHashMap<>();

        long[] newBuffer() {
            return new long[400_000];
        }

        long[] latencies() {
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            long[] all = new long[total];
            int at = 0;
            for (var e : counts.entrySet()) {
                System.arraycopy(e.getKey(), 0, all, at, e.getValue());
                at += e.getValue();
            }
            return all;
        }

        void error(String kind) {
            errors.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        }
    }

    private static void run(HttpClient http, String base, String session, int clients, int seconds, Stats stats)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                long[] buffer = stats == null ? null : stats.newBuffer();
                int n = 0;
                long id = 0;
                while (System.nanoTime() < end) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/mcp"))
                            .header("Content-Type", "application/json")
                            .header("Accept", "application/json, text/event-stream")
                            .POST(HttpRequest.BodyPublishers.ofString(String.format(CALL, ++id,
                                    1 + (client * 7919 + id) % 1000)));
                    if (session != null) {
                        request.header("Mcp-Session-Id", session);
                    }
                    long started = System.nanoTime();
                    try {
                        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - started;
                        if (stats == null) {
                            continue;
                        }
                        if (r.statusCode() != 200) {
                            stats.error("http " + r.statusCode());
                        } else if (r.body().contains("\"isError\":true") || r.body().contains("\"error\":")) {
                            stats.error("tool error");
                        } else if (n < buffer.length) {
                            buffer[n++] = took;
                        }
                    } catch (IOException e) {
                        if (stats != null) {
                            stats.error("io");
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stats != null) {
                    stats.counts.put(buffer, n);
                }
                done.countDown();
            }, "load-" + c);
            t.start();
        }
        done.await();
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static void awaitReady(HttpClient http, String base, Process server) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server exited with " + server.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server not ready");
    }

    private static String initialize(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":"
                        + "{\"name\":\"load\",\"version\":\"1\"}}}")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
