package dev.pgmcp.policy.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class FunctionAllowlistPolicyTest {

    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (Connection admin = db.superuserConnection(); Statement st = admin.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW public.policy_probe AS SELECT pg_try_advisory_lock(77) AS locked");
            st.execute("GRANT SELECT ON public.policy_probe TO " + db.readerUser());
        }
        runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), db.readerUser())
                        .resolve("postgresql://" + db.readerUser() + "@" + db.host() + ":" + db.port() + "/"
                                + db.databaseName()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"))
                .policy(new FunctionAllowlistPolicy())
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
        try (Connection admin = TestDatabase.get().superuserConnection(); Statement st = admin.createStatement()) {
            st.execute("DROP VIEW public.policy_probe");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT pg_advisory_lock(1)",
        "SELECT pg_catalog.pg_advisory_lock(1)",
        "SELECT \"pg_advisory_lock\"(1)",
        "SELECT PG_SLEEP(0)",
        "SELECT U&\"pg\\005fsleep\"(0)",
        "SELECT U&\"pg!005fsleep\" UESCAPE '!' (0)",
        "SELECT * FROM pg_sleep(0)",
        "SELECT * FROM pg_catalog.pg_ls_dir('.')",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT set_config('statement_timeout', '0', false)",
        "SELECT nextval('public.counter_seq')",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity",
        "SELECT pg_cancel_backend(pg_backend_pid())",
        "SELECT lo_from_bytea(0, 'x')",
        "SELECT pg_notify('channel', 'x')",
        "SELECT txid_current()",
        "SELECT query_to_xml('DELETE FROM public.audit_log RETURNING *', true, true, '')",
        "SELECT dblink_exec('dbname=postgres', 'DROP TABLE x')",
        "WITH s AS (SELECT pg_stat_reset()) SELECT * FROM s",
        "SELECT (SELECT pg_try_advisory_xact_lock(3))",
    })
    void refusesSideEffectFunctionsHoweverTheyAreWritten(String sql) {
        assertThatThrownBy(() -> runtime.executor().execute(QueryRequest.of(sql)))
                .isInstanceOfSatisfying(QueryRefusedException.class, e -> {
                    assertThat(e.layer()).isEqualTo(Layer.POLICY);
                    assertThat(e.rule()).isEqualTo("denied-function");
                    assertThat(e.toAgentMessage()).contains("Refused by pgmcp (policy layer");
                });
    }

    @Test
    void findsCallsHiddenInViewsInThePlanWithoutRunningThem() throws Exception {
        assertThatThrownBy(() -> runtime.executor().execute(QueryRequest.of("SELECT * FROM public.policy_probe")))
                .isInstanceOfSatisfying(QueryRefusedException.class, e -> {
                    assertThat(e.rule()).isEqualTo("denied-function");
                    assertThat(e.reason()).contains("pg_try_advisory_lock").contains("through a view");
                });
        try (Connection admin = TestDatabase.get().superuserConnection(); Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    /**
     * Every pooled session logs in as the same role, and PostgreSQL shows a role the SQL text of its
     * own sessions: through pg_stat_activity one caller would read another caller's query, literals
     * included. The check first shows the leak is real outside pgmcp, then that pgmcp refuses each form.
     */
    @Test
    void readsNoOtherCallersSqlThroughSessionActivity() throws Exception {
        TestDatabase db = TestDatabase.get();
        String marker = "pgmcp-marker-" + Long.toHexString(System.nanoTime());
        try (Connection otherCaller = db.readerConnection(); Statement other = otherCaller.createStatement();
             Connection sameRole = db.readerConnection(); Statement probe = sameRole.createStatement()) {
            other.execute("SELECT '" + marker + "' AS secret_literal");
            try (ResultSet rs = probe.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%"
                    + marker + "%' AND pid <> pg_backend_pid()")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the same role sees the other session's SQL outside pgmcp").isEqualTo(1);
            }
            for (String sql : new String[] {
                "SELECT query FROM pg_stat_activity",
                "SELECT count(*) FROM pg_catalog.pg_stat_activity WHERE query LIKE '%" + marker + "%'",
                "SELECT a.query FROM pg_stat_get_activity(NULL) AS a",
                "SELECT pg_stat_get_backend_activity(s) FROM pg_stat_get_backend_idset() AS s",
            }) {
                assertThatThrownBy(() -> runtime.executor().execute(QueryRequest.of(sql)))
                        .as(sql)
                        .isInstanceOfSatisfying(QueryRefusedException.class, e -> {
                            assertThat(e.rule()).isEqualTo("denied-function");
                            assertThat(e.reason()).contains("SQL text that other sessions run");
                        });
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT lower('X'), count(*) FROM sales.orders",
        "SELECT now(), current_setting('statement_timeout')",
        "SELECT 'pg_sleep(10)' AS text_not_a_call",
        "SELECT id FROM public.big_numbers WHERE id IN (1, 2) AND EXISTS (SELECT 1)",
        "SELECT \"UserId\", \"Path\" FROM \"Analytics\".\"PageViews\" LIMIT 1",
        "SELECT * FROM XMLTABLE('/a' PASSING CAST('<a><x>1</x></a>' AS xml) COLUMNS x int PATH 'x') t",
        "SELECT a, count(*) FROM (VALUES (1, 2)) v(a, b) GROUP BY ROLLUP (a, b)",
        "SELECT pg_get_viewdef('traps.summary_view'::regclass), col_description('owned.readings'::regclass, 1)",
    })
    void letsOrdinaryQueriesRun(String sql) throws Exception {
        assertThat(runtime.executor().execute(QueryRequest.of(sql)).columns()).isNotEmpty();
    }
}
