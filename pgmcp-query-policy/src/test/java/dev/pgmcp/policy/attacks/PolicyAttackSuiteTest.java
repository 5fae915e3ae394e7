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
        assertNamesNothingHidden(sql, refusal.toAgentMessage());
    }

    /** No answer names a hidden object that the query did not name itself. */
    static void assertNamesNothingHidden(String sql, String answer) {
        for (String hidden : PolicyAttackCatalog.HIDDEN_NAMES) {
            if (!PolicyAttackCatalog.namesWord(sql, hidden)) {
                assertThat(PolicyAttackCatalog.namesWord(answer, hidden)).as("the answer to %s names %s: %s", sql,
                        hidden, answer).isFalse();
            }
        }
    }

    static Stream<Arguments> oracles() {
        return PolicyAttackCatalog.all().stream().filter(a -> a.hiddenName() != null).map(Arguments::of);
    }

    /**
     * An existence oracle: the same query about a missing object gets the same answer, word for word
     * but for the name the query wrote, so that the answer does not tell whether the hidden one exists.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("oracles")
    void aHiddenObjectAndAMissingOneGetTheSameAnswer(PolicyAttackCatalog.PolicyAttack attack) throws Exception {
        assertSameAnswer(runtime, PROFILE, attack, observer);
    }

    static void assertSameAnswer(PgmcpRuntime runtime, String profile, PolicyAttackCatalog.PolicyAttack attack,
                                 Connection observer) throws Exception {
        AttackDatabaseState before = AttackDatabaseState.capture(observer);
        Throwable hidden = catchThrowable(() -> runtime.executor(profile).execute(
                new QueryRequest(attack.sql(), List.of(), null)));
        Throwable missing = catchThrowable(() -> runtime.executor(profile).execute(
                new QueryRequest(attack.missingSql(), List.of(), null)));
        assertThat(hidden).as(attack.sql()).isInstanceOf(QueryRefusedException.class);
        assertThat(missing).as(attack.missingSql()).isInstanceOf(QueryRefusedException.class);
        String hiddenAnswer = ((QueryRefusedException) hidden).toAgentMessage();
        assertThat(((QueryRefusedException) missing).toAgentMessage()).as("the answer to %s, beside the answer to %s",
                attack.missingSql(), attack.sql()).isEqualTo(attack.expectedMissingAnswer(hiddenAnswer));
        assertThat(AttackDatabaseState.capture(observer).values()).isEqualTo(before.values());
    }

    @ParameterizedTest
    @MethodSource("controls")
    void materializedViewsOverVisibleDataRun(String sql) throws Exception {
        assertThat(runtime.executor(PROFILE).execute(new QueryRequest(sql, List.of(), null)).rows()).isNotEmpty();
    }

    static Stream<String> controls() {
        return PolicyAttackCatalog.CONTROLS.stream();
    }
}
