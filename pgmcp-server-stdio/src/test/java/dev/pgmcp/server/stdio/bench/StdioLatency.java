package dev.pgmcp.server.stdio.bench;

import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.runtime.RuntimeProfile;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures the latency of one small query three ways, on the same machine and database:
 * a raw JDBC round trip, pgmcp's safe executor in process (read-only transaction, timeouts, EXPLAIN,
 * query, rollback, advisory-lock release), and a full MCP tools/call over stdio to the jar.
 * Not a test: run it as documented in docs/benchmarks/stdio-latency.md.
 */
public final class StdioLatency {

    private static final String SQL = "SELECT id, val, label FROM public.big_numbers WHERE id = $1";
    private static final int WARMUP = Integer.getInteger("warmup", 2000);
    private static final int ITERATIONS = Integer.getInteger("iterations", 5000);

    public static void main(String[] args) throws Exception {
        TestDatabase db = TestDatabase.get();
        System.out.printf("PostgreSQL on %s:%d, %d warm-up + %d measured calls each, query: %s%n%n", db.host(),
                db.port(), WARMUP, ITERATIONS, SQL);
        System.out.println("| path | mean µs | p50 µs | p90 µs | p99 µs |");
        System.out.println("|---|---|---|---|---|");
        report("raw JDBC (pgjdbc, autocommit, prepared)", rawJdbc(db));
        report("pgmcp SafeExecutor in process", executor(db));
        long[][] roleSwitch = roleSwitch(db);
        report("pgmcp SafeExecutor, superuser login, profile without a role (in turn with the next row)",
                roleSwitch[0]);
        report("pgmcp SafeExecutor, superuser login, profile with a role (SET LOCAL ROLE)", roleSwitch[1]);
        report("pgmcp over stdio (MCP tools/call, JSON both ways)", stdio(db));
    }

    private static long[] rawJdbc(TestDatabase db) throws Exception {
        long[] samples = new long[ITERATIONS];
        try (Connection c = DriverManager.getConnection(db.readerJdbcUrl());
             PreparedStatement ps = c.prepareStatement(SQL.replace("$1", "?"))) {
            for (int i = 0; i < WARMUP + ITERATIONS; i++) {
                long start = System.nanoTime();
                ps.setLong(1, 1 + i % 1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(3);
                    }
                }
                if (i >= WARMUP) {
                    samples[i - WARMUP] = System.nanoTime() - start;
                }
            }
        }
        return samples;
    }

    private static long[] executor(TestDatabase db) throws Exception {
        long[] samples = new long[ITERATIONS];
        try (PgmcpRuntime runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), db.readerUser())
                        .resolve("postgresql://" + db.readerUser() + "@" + db.host() + ":" + db.port() + "/"
                                + db.databaseName()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "bench"))
                .start()) {
            for (int i = 0; i < WARMUP + ITERATIONS; i++) {
                long start = System.nanoTime();
                runtime.executor().execute(QueryRequest.of(SQL, 1 + i % 1000));
                if (i >= WARMUP) {
                    samples[i - WARMUP] = System.nanoTime() - start;
                }
            }
        }
        return samples;
    }

    /**
     * The cost of the role switch: two profiles over one pool, one without a role and one that names
     * the fixture's pgmcp_guarded, both with a policy that permits everything, called in turn so
     * that both see the same load. Logged in as the superuser, which may switch to any role.
     */
    private static long[][] roleSwitch(TestDatabase db) throws Exception {
        long[][] samples = new long[2][ITERATIONS];
        try (PgmcpRuntime runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x")
                        .resolveJdbcUrl(db.superuserJdbcUrl()))
                .allowPrivilegedRole(true)
                .profiles(context -> List.of(
                        new RuntimeProfile("no_role", QueryPolicy.PERMIT_ALL, context.defaultLimits(),
                                CatalogVisibility.ALL, null),
                        new RuntimeProfile("role", QueryPolicy.PERMIT_ALL, context.defaultLimits(),
                                CatalogVisibility.ALL, null, "pgmcp_guarded")))
                .start()) {
            String[] profiles = {"no_role", "role"};
            for (int i = 0; i < WARMUP + ITERATIONS; i++) {
                for (int p = 0; p < 2; p++) {
                    long start = System.nanoTime();
                    runtime.executor(profiles[p]).execute(QueryRequest.of(SQL, 1 + i % 1000));
                    if (i >= WARMUP) {
                        samples[p][i - WARMUP] = System.nanoTime() - start;
                    }
                }
            }
        }
        return samples;
    }

    private static long[] stdio(TestDatabase db) throws Exception {
        long[] samples = new long[ITERATIONS];
        try (BenchClient client = new BenchClient(db, List.of(), List.of())) {
            for (int i = 0; i < WARMUP + ITERATIONS; i++) {
                long start = System.nanoTime();
                client.executeSelect("{\"sql\":\"" + SQL + "\",\"params\":[" + (1 + i % 1000) + "]}");
                if (i >= WARMUP) {
                    samples[i - WARMUP] = System.nanoTime() - start;
                }
            }
        }
        return samples;
    }

    private static void report(String name, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1000;
        System.out.printf("| %s | %.0f | %.0f | %.0f | %.0f |%n", name, mean, sorted[sorted.length / 2] / 1000.0,
                sorted[(int) (sorted.length * 0.9)] / 1000.0, sorted[(int) (sorted.length * 0.99)] / 1000.0);
    }
}
