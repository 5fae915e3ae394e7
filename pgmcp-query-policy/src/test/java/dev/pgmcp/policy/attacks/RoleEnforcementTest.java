package dev.pgmcp.policy.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.runtime.RuntimeProfile;
import dev.pgmcp.policy.profile.ProfileConfig;
import dev.pgmcp.policy.profile.ProfileRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The policy attack suite with the profile enforced through its role as well ({@code role:
 * pgmcp_guarded}, logged in as {@code pgmcp_profile_login}, which holds no grant itself), and the
 * proof that PostgreSQL refuses on its own: with pgmcp's policy switched off (a profile whose policy
 * permits everything, the role switch still on), the reads the policy would refuse fail with
 * permission denied.
 */
class RoleEnforcementTest {

    private static final String PERMISSION_DENIED = "42501";

    private static TestDatabase db;
    private static PgmcpRuntime enforced;
    private static PgmcpRuntime policyOff;
    private static Connection observer;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        observer = db.superuserConnection();
        observer.setAutoCommit(true);
        try (var st = observer.createStatement()) {
            st.execute(PolicyAttackCatalog.SETUP_SQL);
        }
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        enforced = PgmcpRuntime.builder()
                .connection(resolver.resolveJdbcUrl(db.profileLoginJdbcUrl()))
                .profiles(new ProfileRuntimes(ProfileConfig.parse(YAMLMapper.builder().build().readTree("""
                        guarded:
                          schemas: {deny: ['"Analytics"']}
                          columns: {deny: [hr.employees.ssn]}
                          functions: {allow: [policy_attacks.rows_of]}
                          role: pgmcp_guarded
                        """)), 1e7))
                .start();
        // One connection, so that every call below reuses the connection the previous one switched.
        policyOff = PgmcpRuntime.builder()
                .connection(resolver.resolveJdbcUrl(db.profileLoginJdbcUrl()))
                .pool(new PoolOptions(1, Duration.ofSeconds(30), PoolOptions.DEFAULTS.maxLifetime(),
                        PoolOptions.DEFAULTS.idleTimeout()))
                .profiles(context -> List.of(new RuntimeProfile("open", QueryPolicy.PERMIT_ALL,
                        context.defaultLimits(), CatalogVisibility.ALL, null, "pgmcp_guarded")))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (PgmcpRuntime runtime : new PgmcpRuntime[] {enforced, policyOff}) {
            if (runtime != null) {
                runtime.close();
            }
        }
        if (observer != null) {
            try (var st = observer.createStatement()) {
                st.execute(PolicyAttackCatalog.TEARDOWN_SQL);
            }
            observer.close();
        }
    }

    private static QueryResult run(PgmcpRuntime runtime, String profile, String sql) throws Exception {
        return runtime.executor(profile).execute(new QueryRequest(sql, List.of(), null));
    }

    /**
     * The suite's attacks, except reads of the statistics views: with a role the plan rule for them is
     * off, as PostgreSQL shows only the statistics of the columns the role may read (see
     * {@link #pgStatsHidesTheStatisticsOfColumnsTheRoleMayNotRead}).
     */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> attacks() {
        return PolicyAttackSuiteTest.attacks().filter(a -> !a.get()[0].toString().startsWith("statistics"));
    }

    /**
     * Every attack is refused: by pgmcp's policy with its rule, or, for a hidden column that the
     * policy meets only in the plan, by PostgreSQL already while planning (permission denied), as
     * EXPLAIN checks privileges under the profile's role. Nothing changes in the database.
     */
    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("attacks")
    void isRefusedByThePolicyOrByPostgres(String category, String sql, String rule) throws Exception {
        AttackDatabaseState before = AttackDatabaseState.capture(observer);
        Throwable outcome = catchThrowable(() -> run(enforced, "guarded", sql));
        if (outcome instanceof QueryFailedException failed) {
            assertThat(rule).as("%s failed in PostgreSQL: %s", sql, failed.getMessage()).isEqualTo("hidden-column");
            assertThat(failed.sqlState()).as(failed.getMessage()).isEqualTo(PERMISSION_DENIED);
            PolicyAttackSuiteTest.assertNamesNothingHidden(sql, failed.toAgentMessage());
        } else {
            assertThat(outcome).as("%s must be refused", sql).isInstanceOf(QueryRefusedException.class);
            QueryRefusedException refusal = (QueryRefusedException) outcome;
            assertThat(refusal.layer()).isEqualTo(Layer.POLICY);
            assertThat(refusal.rule()).as(refusal.toAgentMessage()).isEqualTo(rule);
            PolicyAttackSuiteTest.assertNamesNothingHidden(sql, refusal.toAgentMessage());
        }
        assertThat(AttackDatabaseState.capture(observer).values()).as("database state after " + sql)
                .isEqualTo(before.values());
    }

    /** The existence oracles of the catalog, under the profile role: the same answer for a hidden and a missing object. */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.pgmcp.policy.attacks.PolicyAttackSuiteTest#oracles")
    void aHiddenObjectAndAMissingOneGetTheSameAnswer(PolicyAttackCatalog.PolicyAttack attack) throws Exception {
        PolicyAttackSuiteTest.assertSameAnswer(enforced, "guarded", attack, observer);
    }

    @Test
    void visibleDataIsServedUnderTheProfileRole() throws Exception {
        assertThat(run(enforced, "guarded", "SELECT current_user, name FROM hr.employees ORDER BY id LIMIT 1")
                .rows().get(0).get(0)).isEqualTo("pgmcp_guarded");
        assertThat(run(enforced, PgmcpRuntime.DEFAULT_PROFILE, "SELECT current_user").rows().get(0).get(0))
                .isEqualTo("pgmcp_profile_login");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT e.x FROM hr.employees AS e(id, name, email, x)",
        "SELECT e.salary FROM hr.employees AS e(id, name, email, salary, ssn)",
        "SELECT count(*) FROM hr.employees e(id, name, email, x) WHERE e.x LIKE '1%'",
        "SELECT d.name FROM hr.departments d JOIN LATERAL (SELECT e.x FROM hr.employees e(id, name, email, x) "
                + "WHERE e.department_id = d.id) l ON true",
        "SELECT ssn FROM hr.employees",
        "SELECT e FROM hr.employees e",
        "SELECT row_to_json(e) FROM hr.employees e",
        "SELECT * FROM \"Analytics\".\"PageViews\"",
        "SELECT count(*) FROM \"Analytics\".\"PageViews\"",
        "SELECT query_to_xml('SELECT ssn FROM hr.employees', true, false, '')",
        "SELECT query_to_xml('SELECT * FROM \"Analytics\".\"PageViews\"', true, false, '')",
        "SELECT set_config('role', 'postgres', true)",
        "SELECT query_to_xml('SELECT ssn FROM hr.employees', true, false, '') "
                + "FROM (SELECT set_config('role', 'none', true)) AS back_to_the_login_role",
    })
    void withPgmcpsPolicySwitchedOffPostgresStillRefuses(String sql) throws Exception {
        AttackDatabaseState before = AttackDatabaseState.capture(observer);
        Throwable outcome = catchThrowable(() -> run(policyOff, "open", sql));
        assertThat(outcome).as(sql).isInstanceOf(QueryFailedException.class);
        assertThat(((QueryFailedException) outcome).sqlState()).as(outcome.getMessage()).isEqualTo(PERMISSION_DENIED);
        assertThat(outcome.getMessage()).contains("permission denied");
        assertThat(AttackDatabaseState.capture(observer).values()).isEqualTo(before.values());
    }

    @Test
    void withPgmcpsPolicySwitchedOffVisibleDataStillRuns() throws Exception {
        assertThat(run(policyOff, "open", "SELECT e.n FROM hr.employees AS e(i, n) ORDER BY 1 LIMIT 1").rows())
                .hasSize(1);
        assertThat(run(policyOff, "open", "SELECT current_user").rows().get(0).get(0)).isEqualTo("pgmcp_guarded");
        // The switch ends with the rollback: the same pooled connection is back to the login role.
        assertThat(run(policyOff, PgmcpRuntime.DEFAULT_PROFILE, "SELECT current_user").rows().get(0).get(0))
                .isEqualTo("pgmcp_profile_login");
    }

    @Test
    void pgStatsHidesTheStatisticsOfColumnsTheRoleMayNotRead() throws Exception {
        try (var st = observer.createStatement()) {
            st.execute("ANALYZE hr.employees");
        }
        String sql = "SELECT attname FROM pg_stats WHERE schemaname = 'hr' AND tablename = 'employees' ORDER BY 1";
        List<Object> asLogin = run(policyOff, PgmcpRuntime.DEFAULT_PROFILE, "SELECT count(*) FROM pg_stats "
                + "WHERE schemaname = 'hr'").rows().get(0);
        assertThat(asLogin.get(0)).as("the login role holds no grant itself").isEqualTo(0L);
        assertThat(run(policyOff, "open", sql).rows()).extracting(row -> row.get(0))
                .contains("name", "salary").doesNotContain("ssn");
        // With the policy on, the view is still refused: pg_stats calls catalog functions
        // (has_column_privilege), which a profile that hides objects does not run.
        assertThat(catchThrowable(() -> run(enforced, "guarded", sql))).isInstanceOf(QueryRefusedException.class)
                .extracting(e -> ((QueryRefusedException) e).rule()).isEqualTo("denied-function");
    }
}
