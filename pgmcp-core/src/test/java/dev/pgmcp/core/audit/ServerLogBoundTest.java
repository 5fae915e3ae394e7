package dev.pgmcp.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.SafeExecutor;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.query.QueryAnalyzer;
import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * PostgreSQL writes each error whole to its own log, and an error is as long as the value that
 * caused it. pgmcp cannot cut what the server logs; {@code ALTER ROLE <login> SET log_min_messages
 * = log} keeps the login role's errors (and with them the statements that log_min_error_statement
 * would add) out of the log, through pgmcp's session reset and its {@code SET LOCAL ROLE}, and the
 * start-up audit warns, naming that statement, when it is missing. Checked on a throwaway cluster
 * whose log the test reads.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServerLogBoundTest {

    private static LocalPostgresCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestDatabase.startDedicatedCluster(LocalPostgresCluster.Options.builder().build());
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), cluster.superuser(), null);
             Statement st = c.createStatement()) {
            st.execute("CREATE ROLE quiet_login LOGIN");
            st.execute("CREATE ROLE loud_login LOGIN");
            st.execute("CREATE ROLE quiet_profile NOLOGIN");
            st.execute("GRANT quiet_profile TO quiet_login");
            st.execute("ALTER ROLE quiet_login SET log_min_messages = log");
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ConnectionSettings settings(String role) {
        return new ConnectionResolver(Map.of(), Path.of("/nonexistent"), role)
                .resolve("postgresql://" + role + "@" + cluster.host() + ":" + cluster.port() + "/postgres");
    }

    /** One connection, so every call after the first runs on a session pgmcp has reset. */
    private static DatabasePool pool(String role) {
        return DatabasePool.open(settings(role), new StaticCredentialProvider(role, null, "test"),
                new PoolOptions(1, Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(10)));
    }

    private static String serverLog() throws Exception {
        return Files.readString(cluster.serverLog(), StandardCharsets.UTF_8);
    }

    /** The log lines that contain {@code text}, each cut to 300 characters for a readable failure. */
    private static java.util.List<String> logLines(String log, String text) {
        return log.lines().filter(line -> line.contains(text))
                .map(line -> line.length() > 300 ? line.substring(0, 300) + "..." : line).toList();
    }

    /** Runs a 1 MB error through pgmcp; its value starts with {@code probe}. */
    private static void failWithHugeError(SafeExecutor executor, String probe) {
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT CAST('" + probe + "' || "
                + "repeat('x', 1000000) AS int)")))
                .isInstanceOfSatisfying(QueryFailedException.class, e -> assertThat(e.sqlState()).isEqualTo("22P02"));
    }

    @Test
    void withoutTheRoleSettingEachErrorAndItsStatementReachTheLogWhole() throws Exception {
        try (DatabasePool pool = pool("loud_login")) {
            SafeExecutor executor = new SafeExecutor(pool, ExecutionLimits.DEFAULTS, QueryPolicy.PERMIT_ALL,
                    new QueryAnalyzer(null), false);
            failWithHugeError(executor, "loud-probe");
            String log = serverLog();
            assertThat(log.contains("ERROR:  invalid input syntax for type integer: \"loud-probe" + "x".repeat(1_000_000)))
                    .as("the whole 1 MB error is in the log").isTrue();
            assertThat(logLines(log, "STATEMENT:")).anySatisfy(line -> assertThat(line)
                    .endsWith("SELECT CAST('loud-probe' || repeat('x', 1000000) AS int)"));
            PrivilegeReport report = PrivilegeAudit.run(pool.dataSource());
            assertThat(report.logMinMessages()).isEqualTo("warning");
            assertThat(report.logsErrors()).isTrue();
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
                    .contains("role \"loud_login\" has log_min_messages = warning")
                    .contains("ALTER ROLE loud_login SET log_min_messages = log"));
        }
    }

    @Test
    void theRoleSettingKeepsErrorsOutOfTheLogThroughSessionResetAndSetLocalRole() throws Exception {
        try (DatabasePool pool = pool("quiet_login")) {
            for (String role : new String[] {null, "quiet_profile"}) {
                SafeExecutor executor = new SafeExecutor(pool, ExecutionLimits.DEFAULTS, QueryPolicy.PERMIT_ALL,
                        new QueryAnalyzer(null), false, role);
                for (int call = 1; call <= 3; call++) {
                    failWithHugeError(executor, "quiet-probe-" + role + "-" + call);
                    // pgmcp's reset (RESET ALL, SET SESSION AUTHORIZATION DEFAULT, ...) ran after the call.
                    assertThat(executor.execute(QueryRequest.of("SELECT current_user::text, "
                            + "current_setting('log_min_messages')")).rows().get(0))
                            .containsExactly(role == null ? "quiet_login" : role, "log");
                }
            }
            assertThat(logLines(serverLog(), "quiet-probe")).isEmpty();
            PrivilegeReport report = PrivilegeAudit.run(pool.dataSource());
            assertThat(report.logMinMessages()).isEqualTo("log");
            assertThat(report.logsErrors()).isFalse();
            assertThat(report.warnings()).noneSatisfy(w -> assertThat(w).contains("log_min_messages"));
        }
    }
}
