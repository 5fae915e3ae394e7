package dev.pgmcp.policy.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.profile.ProfileConfig;
import dev.pgmcp.policy.profile.ProfileRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The attacks of {@link PolicyAttackCatalog} on a policy profile that hides hr.employees.ssn. Served as the superuser, so no grant stands in the way: every attack must be
 * refused by the policy layer with a reason, and the database must be unchanged afterwards.
 */
class PolicyAttackSuiteTest {

    private static final String PROFILE = PolicyAttackCatalog.PROFILE;
    /**
     * Hides the same column but allows the catalog functions inside the statistics views' definitions,
     * so that the plan rule for those views is what refuses them (in {@link #PROFILE} the function rule
     * refuses those calls first, before EXPLAIN).
     */
    private static final String STATISTICS_PROFILE = "guarded-statistics";
    private static final String STATISTICS_CATEGORY = "statistics, catalog functions allowed";
    private static final String STATISTICS_PROFILE_YAML = STATISTICS_PROFILE + """
            :
              columns: {deny: [hr.employees.ssn]}
              functions: {allow: [has_column_privilege, row_security_active, pg_get_userbyid, pg_has_role,
                                  pg_get_statisticsobjdef_expressions, pg_mcv_list_items]}
            """;

    private static TestDatabase db;
    private static PgmcpRuntime runtime;
    private static Connection observer;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        observer = db.superuserConnection();
        observer.setAutoCommit(true);
        try (Statement st = observer.createStatement()) {
            st.execute(PolicyAttackCatalog.SETUP_SQL);
        }
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        runtime = PgmcpRuntime.builder()
                .connection(resolver.resolveJdbcUrl(db.superuserJdbcUrl()))
                .allowPrivilegedRole(true)
                .profiles(new ProfileRuntimes(ProfileConfig.parse(YAMLMapper.builder().build()
                        .readTree(PolicyAttackCatalog.PROFILE_YAML + STATISTICS_PROFILE_YAML)), 1e7))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        if (observer != null) {
            try (Statement st = observer.createStatement()) {
                st.execute(PolicyAttackCatalog.TEARDOWN_SQL);
            }
            observer.close();
        }
    }

    static Stream<Arguments> attacks() {
        Stream<Arguments> statistics = PolicyAttackCatalog.all().stream().filter(a -> a.category().equals("statistics"))
                .map(a -> Arguments.of(STATISTICS_CATEGORY, a.sql(), "column-statistics"));
        return Stream.concat(PolicyAttackCatalog.all().stream().map(a -> Arguments.of(a.category(), a.sql(), a.rule())),
                statistics);
    }

    @Test
    void theSuiteIsLargeEnough() {
        assertThat(attacks().count()).isGreaterThanOrEqualTo(50);
    }

    @ParameterizedTest(name = "[{index}] {0}: {1}")
    @MethodSource("attacks")
    void isRefusedWithAReason(String category, String sql, String rule) throws Exception {
        AttackDatabaseState before = AttackDatabaseState.capture(observer);
        String profile = STATISTICS_CATEGORY.equals(category) ? STATISTICS_PROFILE : PROFILE;
        Throwable outcome = catchThrowable(() -> runtime.executor(profile).execute(
                new QueryRequest(sql, List.of(), null)));
        assertThat(outcome).as("%s must be refused", sql).isInstanceOf(QueryRefusedException.class);
        QueryRefusedException refusal = (QueryRefusedException) outcome;
        assertThat(refusal.layer()).isEqualTo(Layer.POLICY);
        assertThat(refusal.rule()).as(refusal.toAgentMessage()).isEqualTo(rule);
        assertThat(refusal.reason()).contains("policy '" + profile + "'");
        assertThat(refusal.hint()).isNotBlank();
        assertThat(AttackDatabaseState.capture(observer).values()).as("database state after " + sql)
                .isEqualTo(before.values());
    }
}
