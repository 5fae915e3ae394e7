package dev.pgmcp.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * State that survives a rollback must not reach the next call on the same pooled session. The pool
 * holds ONE connection, so the next call runs in the very session the previous call used, and the
 * runtime has no policy: these tests prove the session reset, not a refusal.
 */
class SessionResetTest {

    private static PgmcpRuntime runtime;
    private static SafeExecutor executor;

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.reader(ExecutionLimits.DEFAULTS,
                new PoolOptions(1, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(10)));
        executor = runtime.executor();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static Object value(String sql) throws QueryException {
        QueryResult result = executor.execute(QueryRequest.of(sql));
        assertThat(result.rows()).hasSize(1);
        return result.rows().get(0).get(0);
    }

    private static long backendPid() throws QueryException {
        return ((Number) value("SELECT pg_backend_pid()")).longValue();
    }

    @Test
    void aSeedSetByOneCallDoesNotPredictTheNextCallsRandom() throws Exception {
        long pid = backendPid();
        value("SELECT setseed(0.42)");
        double next = ((Number) value("SELECT random()")).doubleValue();
        assertThat(backendPid()).as("same session").isEqualTo(pid);
        assertThat(next).isNotIn(sequenceAfterSeed(0.42, 3));
    }

    @Test
    void repeatedQueriesLeaveNoServerSidePreparedStatement() throws Exception {
        long pid = backendPid();
        for (int i = 0; i < 10; i++) {
            value("SELECT 'secret literal " + "of another caller' AS v");
        }
        assertThat(value("SELECT count(*) FROM pg_prepared_statements")).isEqualTo(0L);
        assertThat(value("SELECT coalesce(string_agg(statement, ';'), '') FROM pg_prepared_statements"))
                .isEqualTo("");
        assertThat(backendPid()).as("same session").isEqualTo(pid);
    }

    @Test
    void advisoryLocksDoNotCarryOver() throws Exception {
        value("SELECT pg_advisory_lock(4242)");
        value("SELECT pg_advisory_lock_shared(4243)");
        assertThat(value("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"))
                .isEqualTo(0L);
    }

    @Test
    void sessionSettingsDoNotCarryOver() throws Exception {
        String baseline = (String) value("SELECT current_setting('work_mem') || ' ' || current_setting('search_path')");
        value("SELECT set_config('work_mem', '77MB', false), set_config('search_path', 'hr', false)");
        assertThat(value("SELECT current_setting('work_mem') || ' ' || current_setting('search_path')"))
                .isEqualTo(baseline);
    }

    @Test
    void everyCallStillRunsReadOnlyAfterTheReset() throws Exception {
        value("SELECT set_config('default_transaction_read_only', 'off', false)");
        assertThat(value("SELECT current_setting('transaction_read_only')")).isEqualTo("on");
        assertThat(value("SELECT current_setting('statement_timeout')")).isEqualTo("15s");
    }

    /** The first values of random() after setseed(seed), in a separate session. */
    private static List<Double> sequenceAfterSeed(double seed, int count) throws Exception {
        List<Double> values = new ArrayList<>();
        try (Connection connection = TestDatabase.get().superuserConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT setseed(" + seed + ")");
            for (int i = 0; i < count; i++) {
                try (ResultSet rs = statement.executeQuery("SELECT random()")) {
                    rs.next();
                    values.add(rs.getDouble(1));
                }
            }
        }
        return values;
    }
}
