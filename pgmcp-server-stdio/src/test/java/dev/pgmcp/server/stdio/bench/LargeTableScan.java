package dev.pgmcp.server.stdio.bench;

import dev.pgmcp.testing.TestDatabase;
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
        try (BenchClient client = new BenchClient(db, List.of("-Xmx64m"),
                List.of("--max-rows-ceiling", "10000", "--max-result-bytes", "4194304"))) {
            for (String maxRows : List.of("null", "10000")) {
                for (int i = 0; i < 6; i++) {
                    long start = System.nanoTime();
                    String line = client.executeSelect("{\"sql\":\"SELECT * FROM public.ten_million\""
                            + (maxRows.equals("null") ? "" : ",\"max_rows\":" + maxRows) + "}");
                    long micros = (System.nanoTime() - start) / 1000;
                    String count = line.replaceAll(".*\"row_count\":(\\d+).*", "$1");
                    String reason = line.replaceAll(".*\"truncation_reason\":\"?([a-z_]+)\"?.*", "$1");
                    System.out.printf("max_rows=%s call %d: %,d µs, %s rows, %,d bytes of JSON, truncated by %s%n",
                            maxRows, i + 1, micros, count, line.length(), reason);
                }
            }
        }
        try (Connection admin = db.superuserConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP TABLE public.ten_million");
        }
    }

}
