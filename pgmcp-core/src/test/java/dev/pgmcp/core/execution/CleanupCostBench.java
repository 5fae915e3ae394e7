package dev.pgmcp.core.execution;

import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Measures what a call's clean-up costs after its rollback, on one pgjdbc connection: the advisory-lock
 * release with a second ROLLBACK (before the session reset), pgmcp's {@link SessionReset}, and
 * {@code DISCARD ALL} with setseed for comparison. Variants run interleaved, in rounds, so that a
 * change in machine load hits all of them. Not a test: run it as docs/benchmarks/stdio-latency.md says.
 */
public final class CleanupCostBench {

    private static final int CALLS = Integer.getInteger("calls", 2000);
    private static final int ROUNDS = Integer.getInteger("rounds", 5);

    private interface Cleanup {
        void run(Connection connection) throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        TestDatabase db = TestDatabase.get();
        SessionReset reset = new SessionReset();
        String[] names = {"before: pg_advisory_unlock_all() and a second ROLLBACK", "after: SessionReset",
                "DISCARD ALL and setseed, two statements"};
        Cleanup[] cleanups = {
            connection -> {
                try (Statement st = connection.createStatement()) {
                    st.execute("SELECT pg_catalog.pg_advisory_unlock_all()");
                }
                connection.rollback();
            },
            reset::reset,
            connection -> {
                connection.setAutoCommit(true);
                try (Statement st = connection.createStatement()) {
                    st.execute("DISCARD ALL");
                    st.execute("SELECT pg_catalog.setseed(0.5)");
                } finally {
                    connection.setAutoCommit(false);
                }
            }};
        long[][] p50 = new long[cleanups.length][ROUNDS];
        try (Connection connection = db.readerConnection()) {
            connection.setAutoCommit(false);
            for (int round = 0; round < ROUNDS; round++) {
                for (int variant = 0; variant < cleanups.length; variant++) {
                    p50[variant][round] = median(measure(connection, cleanups[variant]));
                }
            }
        }
        System.out.printf("%d calls per variant and round, %d rounds, p50 µs of each round%n%n", CALLS, ROUNDS);
        System.out.println("| clean-up after the rollback | p50 µs per round |");
        System.out.println("|---|---|");
        for (int variant = 0; variant < cleanups.length; variant++) {
            System.out.printf("| %s | %s |%n", names[variant],
                    String.join(", ", Arrays.stream(p50[variant]).mapToObj(Long::toString).toList()));
        }
    }

    /** One call's shape: a small read in a transaction, its rollback, then the clean-up (timed). */
    private static long[] measure(Connection connection, Cleanup cleanup) throws SQLException {
        long[] micros = new long[CALLS];
        for (int i = 0; i < CALLS; i++) {
            try (Statement st = connection.createStatement()) {
                st.execute("SELECT 1");
            }
            connection.rollback();
            long start = System.nanoTime();
            cleanup.run(connection);
            micros[i] = (System.nanoTime() - start) / 1000;
        }
        return micros;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
