package dev.pgmcp.server.stdio.bench;

import dev.pgmcp.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * {@code SELECT * FROM} a 10-million-row table through the stdio jar running with a 64 MB heap:
 * how long each call takes, and that it completes at all (which shows memory stays bounded).
 * Not a test: run it as documented in docs/benchmarks/stdio-latency.md.
 */
public final class LargeTableScan {

    private static final int ROWS = Integer.getInteger("rows", 10_000_000);

    public static void main(String[] args) throws Exception {
        TestDatabase db = TestDatabase.get();
        long created = System.nanoTime();
        try (Connection admin = db.superuserConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP TABLE IF EXISTS public.ten_million");
            st.execute("CREATE TABLE public.ten_million AS SELECT g AS id, md5(g::text) AS label, g * 1.5 AS amount, "
                    + "now() - g * interval '1 second' AS at FROM generate_series(1, " + ROWS + ") g");
            st.execute("ANALYZE public.ten_million");
            st.execute("GRANT SELECT ON public.ten_million TO " + db.readerUser());
        }
        System.out.printf("created %,d rows in %.1f s%n", ROWS, (System.nanoTime() - created) / 1e9);
        Path jar = Path.of(System.getProperty("pgmcp.stdio.jar", "pgmcp-server-stdio/target/pgmcp-stdio.jar"));
        ProcessBuilder builder = new ProcessBuilder(List.of("java", "-Xmx64m", "-jar", jar.toString(),
                "--log-level", "warn", "--max-rows-ceiling", "10000", "--max-result-bytes", "4194304",
                "--url", "postgresql://" + db.readerUser() + "@" + db.host() + ":" + db.port() + "/" + db.databaseName()));
        builder.environment().put("PGPASSWORD", db.readerPassword());
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        try (OutputStream in = process.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                     StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\",\"version\":\"1\"}}}");
            out.readLine();
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            for (String maxRows : List.of("null", "10000")) {
                for (int i = 0; i < 6; i++) {
                    long start = System.nanoTime();
                    send(in, "{\"jsonrpc\":\"2.0\",\"id\":" + (i + 1) + ",\"method\":\"tools/call\",\"params\":{\"name\":"
                            + "\"execute_select\",\"arguments\":{\"sql\":\"SELECT * FROM public.ten_million\""
                            + (maxRows.equals("null") ? "" : ",\"max_rows\":" + maxRows) + "}}}");
                    String line = out.readLine();
                    long micros = (System.nanoTime() - start) / 1000;
                    String count = line.replaceAll(".*\"row_count\":(\\d+).*", "$1");
                    String reason = line.replaceAll(".*\"truncation_reason\":\"?([a-z_]+)\"?.*", "$1");
                    System.out.printf("max_rows=%s call %d: %,d µs, %s rows, %,d bytes of JSON, truncated by %s%n",
                            maxRows, i + 1, micros, count, line.length(), reason);
                }
            }
        } finally {
            process.waitFor();
        }
        try (Connection admin = db.superuserConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP TABLE public.ten_million");
        }
    }

    private static void send(OutputStream in, String line) throws Exception {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }
}
