package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The function classes in policy profiles: extension and user functions run only when allowed by
 * name, catalog functions only in profiles that hide nothing, and a false IMMUTABLE label does not
 * get a function past the check before EXPLAIN (fixture schema {@code traps}).
 */
class FunctionClassProfileTest {

    private static final String PROFILES = """
            profiles:
              open:
                functions: {volatile: allow}
              hiding:
                columns: {deny: [hr.employees.ssn]}
              trigram:
                functions: {allow: [pg_trgm.similarity, traps.reveal]}
              wildcard:
                functions: {allow: ["traps.*", "ext.*"], volatile: allow}
            """;

    private static TestDatabase db;
    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() {
        db = TestDatabase.get();
        runtime = PolicyTestSchema.superuserRuntime(db, PROFILES);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static QueryResult run(String profile, String sql) throws Exception {
        return runtime.executor(profile).execute(new QueryRequest(sql, List.of(), null));
    }

    private static QueryRefusedException refused(String profile, String sql) {
        QueryRefusedException e = catchThrowableOfType(QueryRefusedException.class, () -> run(profile, sql));
        assertThat(e).as("%s under '%s' must be refused", sql, profile).isNotNull();
        assertThat(e.rule()).isEqualTo("denied-function");
        return e;
    }

    @Test
    void catalogFunctionsRunInProfilesThatHideNothing() throws Exception {
        String sql = "SELECT pg_get_viewdef('traps.summary_view'::regclass) AS d";
        assertThat(run("open", sql).rows()).hasSize(1);
        assertThat(refused("hiding", sql).reason()).contains("pg_get_viewdef").contains("hides objects");
    }

    @Test
    void extensionAndUserFunctionsRunOnlyWhenAllowedByExactName() throws Exception {
        assumeTrue(extension("pg_trgm"), "the extension pg_trgm is not installed in the test database");
        String sql = "SELECT ext.similarity('abc', 'abd') AS s";
        assertThat(refused("open", sql).reason()).contains("ext.similarity").contains("extension pg_trgm");
        assertThat(run("trigram", sql).rows()).hasSize(1);
        assertThat(refused("open", "SELECT * FROM traps.reveal('hr')").reason()).contains("SECURITY DEFINER");
        assertThat(run("trigram", "SELECT * FROM traps.reveal('hr')").rows()).isNotEmpty();
        // A wildcard allow glob never lifts the refusal.
        assertThat(refused("wildcard", sql).hint()).contains("allow ext.similarity by name");
    }

    @Test
    void falselyImmutableWrappersAreRefusedBeforeExplainRuns() throws Exception {
        String before = indexPages();
        for (String sql : List.of("SELECT traps.summarize_quietly()", "SELECT 1 OPERATOR(traps.<!>) 2",
                "SELECT 5::traps.tick", "SELECT * FROM traps.summary_view")) {
            for (String profile : List.of("open", "hiding", "wildcard")) {
                assertThat(refused(profile, sql).reason()).contains("traps.");
            }
        }
        assertThat(indexPages()).as("index pages of owned.readings").isEqualTo(before);
    }

    private static boolean extension(String name) throws Exception {
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = '" + name + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    private static String indexPages() throws Exception {
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT traps.index_pages()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
