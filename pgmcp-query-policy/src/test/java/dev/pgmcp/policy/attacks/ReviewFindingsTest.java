package dev.pgmcp.policy.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.DefaultPolicy;
import dev.pgmcp.policy.profile.ProfileConfig;
import dev.pgmcp.policy.profile.ProfileRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Attack and over-refusal cases of the security review of 2026-12-01, one test per finding (R1 ... R10).
 * Each states the secure outcome; each failed on the reviewed code and passes since its fix. The cases
 * the static catalogs can express are also in {@link AttackCatalog} / {@link PolicyAttackCatalog}; the
 * ones here need the fixture database's own name (three-part names {@code db.schema.object}, which
 * PostgreSQL accepts when {@code db} is the current database) or objects created for one test.
 */
class ReviewFindingsTest {

    private static final String PAGES = "owned.readings index pages";

    private static TestDatabase db;
    private static String dbName;
    private static Connection observer;
    private static PgmcpRuntime owner;
    private static PgmcpRuntime guarded;
    private static final ConnectionResolver RESOLVER = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        dbName = db.databaseName();
        observer = AttackVerification.openObserver(db);
        try (Statement st = observer.createStatement()) {
            st.execute(PolicyAttackCatalog.SETUP_SQL);
            st.execute("DROP SCHEMA IF EXISTS review_findings CASCADE; CREATE SCHEMA review_findings; "
                    + "CREATE MATERIALIZED VIEW review_findings.ssn_xml AS SELECT "
                    + "query_to_xml('SELECT ssn FROM hr.employees', true, false, '')::text AS x");
        }
        // The misconfigured role (write grants, owner of owned.readings) under the hosts' default policy.
        owner = PgmcpRuntime.builder().policy(DefaultPolicy.of())
                .connection(RESOLVER.resolve("postgresql://pgmcp_owner@" + db.host() + ":" + db.port() + "/" + dbName))
                .credentials(new StaticCredentialProvider("pgmcp_owner", "owner-secret-1", "test")).start();
        // The profile of the policy attack suite: hides schema "Analytics" and hr.employees.ssn.
        guarded = PgmcpRuntime.builder().connection(RESOLVER.resolveJdbcUrl(db.superuserJdbcUrl()))
                .allowPrivilegedRole(true)
                .profiles(new ProfileRuntimes(ProfileConfig.parse(YAMLMapper.builder().build()
                        .readTree(PolicyAttackCatalog.PROFILE_YAML)), 1e7)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        for (PgmcpRuntime runtime : new PgmcpRuntime[] {owner, guarded}) {
            if (runtime != null) {
                runtime.close();
            }
        }
        if (observer != null) {
            try (Statement st = observer.createStatement()) {
                st.execute(PolicyAttackCatalog.TEARDOWN_SQL);
                st.execute("DROP SCHEMA IF EXISTS review_findings CASCADE");
            }
            observer.close();
        }
    }

    /** The attack is refused by pgmcp's policy layer, and the index pages of owned.readings did not change. */
    private static void assertRefusedWithoutEffect(PgmcpRuntime runtime, String profile, String sql) throws Exception {
        String before = AttackDatabaseState.capture(observer).get(PAGES);
        Throwable outcome = catchThrowable(() -> call(runtime, profile, sql));
        String after = AttackDatabaseState.capture(observer).get(PAGES);
        assertThat(after).as("%s changed the index pages (the refused function ran)", sql).isEqualTo(before);
        assertThat(outcome).as("%s must be refused", sql).isInstanceOf(QueryRefusedException.class);
        assertThat(((QueryRefusedException) outcome).layer()).isEqualTo(Layer.POLICY);
    }

    /** Refused by the policy layer, and the answer names no hidden object the query did not name. */
    private static void assertRefusedNamingNothingHidden(String sql) {
        Throwable outcome = catchThrowable(() -> call(guarded, "guarded", sql));
        assertThat(outcome).as("%s must be refused, got rows", sql).isInstanceOf(QueryRefusedException.class);
        assertThat(((QueryRefusedException) outcome).layer()).isEqualTo(Layer.POLICY);
        PolicyAttackSuiteTest.assertNamesNothingHidden(sql, ((QueryRefusedException) outcome).toAgentMessage());
    }

    private static QueryResult call(PgmcpRuntime runtime, String profile, String sql) throws Exception {
        return profile == null ? runtime.executor().execute(QueryRequest.of(sql))
                : runtime.executor(profile).execute(new QueryRequest(sql, List.of(), null));
    }

    // ---------------------------------------------------------------- R1: three-part operator names

    /**
     * {@code OPERATOR(db.schema.op)} is PostgreSQL grammar (any_operator: ColId '.' any_operator, and
     * LookupOperName accepts a catalog part equal to the current database). FunctionCheck.checkOperator
     * takes a schema only when the token before it is "(", so it looks the operator up on the search path,
     * finds nothing (traps is not on it), and PostgreSQL folds traps.summarize_pair during pgmcp's EXPLAIN.
     */
    @Test
    void r1ThreePartOperatorNameIsRefusedBeforePlanning() throws Exception {
        assertRefusedWithoutEffect(owner, null, "SELECT 1 OPERATOR(" + dbName + ".traps.<!>) 2");
    }

    // ---------------------------------------------------------------- R2: operators the text never writes

    /**
     * IN, CASE x WHEN, NULLIF and IS DISTINCT FROM call the operator "=" chosen by the operand types, with
     * no "=" in the text; PostgreSQL folds them while planning (verified with a notice-raising function on
     * PostgreSQL 15). FunctionCheck only judges operators whose token appears. The operator is created in
     * public (on the search path) for this test only, so that the rest of the suite does not see it; the
     * last query is the over-refusal half of the same design (R8): any "=" is refused once a user "="
     * exists for some pair of types (as with PostGIS, citext, hstore or isn installed in public).
     */
    @Test
    void r2OperatorsCalledBySyntaxAreJudged() throws Exception {
        try (Statement st = observer.createStatement()) {
            st.execute("CREATE FUNCTION review_findings.text_eq_int(a text, b int) RETURNS boolean LANGUAGE sql "
                    + "IMMUTABLE AS $$ SELECT pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) "
                    + ">= 0 $$; CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = int, "
                    + "FUNCTION = review_findings.text_eq_int)");
        }
        try (PgmcpRuntime runtime = PgmcpRuntime.builder().policy(DefaultPolicy.of())
                .connection(RESOLVER.resolve("postgresql://pgmcp_owner@" + db.host() + ":" + db.port() + "/" + dbName))
                .credentials(new StaticCredentialProvider("pgmcp_owner", "owner-secret-1", "test")).start()) {
            for (String sql : List.of(
                    "SELECT 'x'::text IN (1)",
                    "SELECT CASE 'x'::text WHEN 1 THEN 1 END",
                    "SELECT NULLIF('x'::text, 1)",
                    "SELECT 'x'::text IS DISTINCT FROM 1")) {
                assertRefusedWithoutEffect(runtime, null, sql);
            }
            assertThat(call(runtime, null, "SELECT name FROM sales.customers WHERE name = 'x'").rows())
                    .as("an equality of two texts calls no user operator").isEmpty();
        } finally {
            try (Statement st = observer.createStatement()) {
                st.execute("DROP OPERATOR IF EXISTS public.= (text, int)");
            }
        }
    }

    /**
     * The operator half of R8: a user operator is judged only where values of both its operand types may occur,
     * as PostgreSQL resolves operators. {@code name = 'x'} compares two texts (an untyped constant next to a text
     * takes text, and text = text exists), so the user = for (text, integer) is never chosen there; with an
     * integer next to a text column it is, and then it is refused although the operands are columns (it would
     * run during execution). Verified on PostgreSQL 15: the same queries without pgmcp call the function exactly
     * where they are refused here.
     */
    @Test
    void r8UserOperatorsAreJudgedOnlyWhereTheirOperandTypesOccur() throws Exception {
        try (Statement st = observer.createStatement()) {
            st.execute("CREATE FUNCTION review_findings.text_eq_int2(a text, b int) RETURNS boolean LANGUAGE sql "
                    + "IMMUTABLE AS $$ SELECT pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) "
                    + ">= 0 $$; CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = int, "
                    + "FUNCTION = review_findings.text_eq_int2)");
        }
        try (PgmcpRuntime runtime = PgmcpRuntime.builder().policy(DefaultPolicy.of())
                .connection(RESOLVER.resolve("postgresql://pgmcp_owner@" + db.host() + ":" + db.port() + "/" + dbName))
                .credentials(new StaticCredentialProvider("pgmcp_owner", "owner-secret-1", "test")).start()) {
            for (String sql : List.of(
                    "SELECT name FROM sales.customers WHERE name = 'x'",
                    "SELECT name FROM sales.customers WHERE name IN ('x', 'y')",
                    "SELECT name FROM sales.customers WHERE name = $$x$$ AND email IS DISTINCT FROM NULL",
                    "SELECT CASE name WHEN 'x' THEN 'y' END FROM sales.customers WHERE name LIKE 'x%'",
                    "SELECT 'a' = 'b'",
                    "SELECT count(*) FROM sales.orders WHERE status = 'paid'",
                    // A word equal to a column of type traps.flag (traps.flags.f), with that table not named.
                    "SELECT f.name FROM sales.customers f WHERE f.name = 'x' ORDER BY f.name")) {
                assertThat(call(runtime, null, sql).rows()).as("%s ran", sql).isNotNull();
            }
            for (String sql : List.of(
                    "SELECT name FROM sales.customers WHERE name = 1",
                    "SELECT name FROM sales.customers WHERE name IN (1, 2)",
                    "SELECT NULLIF(name, 1) FROM sales.customers")) {
                assertRefusedWithoutEffect(runtime, null, sql);
            }
        } finally {
            try (Statement st = observer.createStatement()) {
                st.execute("DROP OPERATOR IF EXISTS public.= (text, int)");
            }
        }
    }

    // ---------------------------------------------------------------- R3: OID alias types, other spellings

    @Test
    void r3OidAliasArraysAndThreePartNamesAreRefusedInHidingProfiles() {
        for (String sql : List.of(
                // Lists every relation by OID, hidden schema included, as the single ::regclass cast would.
                "SELECT ('{' || x || '}')::_regclass::text FROM generate_series(16384, 20000) x",
                "SELECT ('{' || x || '}')::_regnamespace::text FROM generate_series(16384, 20000) x",
                "SELECT ('{' || x || '}')::pg_catalog._regtype::text FROM generate_series(16384, 20000) x",
                "SELECT x::" + dbName + ".pg_catalog.regclass::text FROM generate_series(16384, 20000) x",
                // An existence oracle: the hidden table answers a row, a missing one a refusal.
                "SELECT '{\"\\\"Analytics\\\".\\\"PageViews\\\"\"}'::_regclass::text")) {
            assertRefusedNamingNothingHidden(sql);
        }
    }

    // ---------------------------------------------------------------- R4: row types, other spellings

    @Test
    void r4RowTypesThroughArrayTypesAndThreePartNamesAreRefused() {
        for (String sql : List.of(
                "SELECT to_jsonb(json_populate_record((NULL::hr._employees)[1], '{}'))::text",
                "SELECT to_jsonb(json_populate_record(NULL::" + dbName + ".hr.employees, '{}'))::text",
                "SELECT * FROM json_populate_record(NULL::" + dbName + ".hr.employees, '{}')",
                // The row type of a table of the hidden schema: its column names.
                "SELECT to_jsonb(json_populate_record((NULL::\"Analytics\".\"_PageViews\")[1], '{}'))::text",
                "SELECT to_jsonb(json_populate_record(NULL::" + dbName + ".\"Analytics\".\"PageViews\", '{}'))::text")) {
            assertRefusedNamingNothingHidden(sql);
        }
    }

    // ---------------------------------------------------------------- R5: plans of relations proven empty

    /**
     * A relation proven empty at plan time ({@code WHERE false}) has no scan node: the plan is a Result
     * with {@code One-Time Filter: false} whose output still says {@code e.*} or {@code ssn}. The column
     * check, which binds aliases to relations through scan nodes, sees no relation.
     */
    @Test
    void r5RelationsProvenEmptyAreStillJudged() {
        assertRefusedNamingNothingHidden(
                "SELECT to_jsonb(json_populate_record((SELECT e FROM hr.employees e WHERE false), '{}'))::text");
        // Existence oracle: the hidden column answers zero rows, a missing one ("ssq") is refused.
        assertRefusedNamingNothingHidden("SELECT ssn FROM hr.employees WHERE false");
    }

    // ---------------------------------------------------------------- R6: materialized views over SQL text

    /**
     * pg_depend records neither a pinned built-in function nor the tables of the SQL text it runs, so a
     * materialized view over query_to_xml (or crosstab, dblink, a function body) has no hidden sources.
     */
    @Test
    void r6MaterializedViewOverSqlTextIsRefused() {
        assertRefusedNamingNothingHidden("SELECT * FROM review_findings.ssn_xml");
    }

    // ---------------------------------------------------------------- R7: non-relation objects of hidden schemas

    @Test
    void r7TypesOfHiddenSchemasAreRefused() {
        assertRefusedNamingNothingHidden("SELECT enum_range(NULL::\"Analytics\".\"Level\")::text");
        assertRefusedNamingNothingHidden("SELECT pg_typeof(NULL::\"Analytics\".\"Level\")::text");
    }

    // ---------------------------------------------------------------- R8/R9: over-refusal of ordinary SQL

    /**
     * Names are matched as words anywhere in the text: a column alias equal to a domain's name, or to a
     * function taking a row, is refused although nothing coerces to the domain or calls the function.
     */
    @Test
    void r8WordsThatOnlyLookLikeDomainsOrRowFunctionsRun() throws Exception {
        for (String sql : List.of(
                "SELECT name AS tick FROM sales.customers LIMIT 1",
                "SELECT 1 AS ticks",
                "SELECT 1 AS summarized_row")) {
            assertThat(call(owner, null, sql).rows()).as(sql).isNotEmpty();
        }
    }

    @Test
    void r9TablesampleMethodsAreNoCalls() throws Exception {
        for (String sql : List.of(
                "SELECT count(*) FROM sales.orders TABLESAMPLE SYSTEM (50)",
                "SELECT count(*) FROM sales.orders TABLESAMPLE BERNOULLI (10) REPEATABLE (1)")) {
            assertThat(call(guarded, "guarded", sql).rows()).as(sql).hasSize(1);
        }
    }

    // ---------------------------------------------------------------- R10: currval, a read function taking regclass

    /**
     * currval is classified read, but its argument is a regclass: an integer reaches it through the implicit
     * int4 -> regclass cast and a string through regclassin, with no "regclass" in the text. Its error names
     * the relation of any OID ("PageViews" is not a sequence), and tells a hidden relation from a missing one.
     */
    @Test
    void r10CurrvalNamesNothingHidden() throws Exception {
        long oid;
        try (Statement st = observer.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT '\"Analytics\".\"PageViews\"'::regclass::oid")) {
            rs.next();
            oid = rs.getLong(1);
        }
        // The guarded profile's VOLATILE rule stops currval; a profile that allows volatile functions does not.
        String yaml = """
                guarded-volatile:
                  schemas: {deny: ['"Analytics"']}
                  columns: {deny: [hr.employees.ssn]}
                  functions: {volatile: allow}
                """;
        try (PgmcpRuntime volatileAllowed = PgmcpRuntime.builder()
                .connection(RESOLVER.resolveJdbcUrl(db.superuserJdbcUrl())).allowPrivilegedRole(true)
                .profiles(new ProfileRuntimes(ProfileConfig.parse(YAMLMapper.builder().build().readTree(yaml)), 1e7))
                .start()) {
        for (String sql : List.of("SELECT currval(" + oid + ")", "SELECT currval('\"Analytics\".\"PageViews\"')")) {
            Throwable outcome = catchThrowable(() -> call(volatileAllowed, "guarded-volatile", sql));
            assertThat(outcome).as(sql).isNotNull();
            assertThat(outcome.getMessage()).as("the answer to %s", sql).doesNotContain("PageViews");
            assertThat(outcome).as("%s must be refused before it runs", sql).isInstanceOf(QueryRefusedException.class);
        }
        }
    }

    // ---------------------------------------------------------------- second review (S<n>): bypass attempts

    /** Refused, or answered with no value shaped like an ssn of the fixture (ddd-dd-dddd). */
    private static void assertNoSsnLeak(String sql) {
        Throwable outcome = catchThrowable(() -> {
            QueryResult result = call(guarded, "guarded", sql);
            assertThat(String.valueOf(result.rows())).as("%s leaked ssn values", sql)
                    .doesNotContainPattern("\\d{3}-\\d{2}-\\d{4}");
        });
        if (outcome instanceof AssertionError error) {
            throw error;
        }
        if (outcome != null) {
            assertThat(outcome).as(sql).isInstanceOf(QueryRefusedException.class);
            PolicyAttackSuiteTest.assertNamesNothingHidden(sql, ((QueryRefusedException) outcome).toAgentMessage());
        }
    }

    @Test
    void s1OperatorNamesWithCommentsQuotesAndUnicodeEscapes() throws Exception {
        for (String sql : List.of(
                "SELECT 1 OPERATOR( /* c */ traps /* c */ . /* c */ <!> ) 2",
                "SELECT 1 OPERATOR(\n traps\n.\n<!>\n) 2",
                "SELECT 1 OPERATOR(\"traps\".<!>) 2",
                "SELECT 1 OPERATOR(U&\"tr\\0061ps\".<!>) 2",
                "SELECT 1 OPERATOR(U&\"tr!0061ps\" UESCAPE '!'.<!>) 2",
                "SELECT 1 OPERATOR(\"" + dbName + "\" . traps . <!>) 2",
                "SELECT 1 OPERATOR(" + dbName.toUpperCase() + ".traps.<!>) 2",
                "SELECT 1 OPERATOR(-- c\ntraps.<!>) 2")) {
            assertRefusedWithoutEffect(owner, null, sql);
        }
    }

    @Test
    void s2MoreOperatorsCalledBySyntax() throws Exception {
        try (Statement st = observer.createStatement()) {
            st.execute("CREATE FUNCTION review_findings.text_eq_int3(a text, b int) RETURNS boolean LANGUAGE sql "
                    + "IMMUTABLE AS $$ SELECT pg_catalog.brin_summarize_new_values('owned.readings_brin'::regclass) "
                    + ">= 0 $$; CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = int, "
                    + "FUNCTION = review_findings.text_eq_int3); CREATE OPERATOR public.<> (LEFTARG = text, RIGHTARG = int, "
                    + "FUNCTION = review_findings.text_eq_int3); CREATE OPERATOR public.>= (LEFTARG = text, RIGHTARG = int, "
                    + "FUNCTION = review_findings.text_eq_int3); CREATE OPERATOR public.<= (LEFTARG = text, RIGHTARG = int, "
                    + "FUNCTION = review_findings.text_eq_int3)");
        }
        try (PgmcpRuntime runtime = PgmcpRuntime.builder().policy(DefaultPolicy.of())
                .connection(RESOLVER.resolve("postgresql://pgmcp_owner@" + db.host() + ":" + db.port() + "/" + dbName))
                .credentials(new StaticCredentialProvider("pgmcp_owner", "owner-secret-1", "test")).start()) {
            for (String sql : List.of(
                    "SELECT ROW('x'::text, 2) = ROW(1, 2)",
                    "SELECT ('x'::text, 2) IS DISTINCT FROM (1, 2)",
                    "SELECT ('x'::text, 2) IN ((1, 2))",
                    "SELECT 'x'::text NOT IN (1)",
                    "SELECT 'x'::text BETWEEN 1 AND 2",
                    "SELECT 'x'::text BETWEEN SYMMETRIC 1 AND 2",
                    "SELECT 'x'::text IS NOT DISTINCT FROM 1",
                    "SELECT 'x'::text = ANY (ARRAY[1])",
                    "SELECT 'x'::text = ANY ('{1}'::int[])",
                    "SELECT 'x'::text IN (SELECT 1)",
                    "SELECT 1 WHERE 'x'::text IN (VALUES (1))",
                    "SELECT CASE WHEN true THEN 1 END WHERE CAST('x' AS text) IN (1)",
                    "SELECT CASE 'x'::text WHEN 1 THEN 1 WHEN 2 THEN 2 END",
                    "SELECT 'x'::varchar IN (1)",
                    "SELECT 'x'::name::text IN (1)",
                    "SELECT 'x'::text IN (1::int2)",
                    "SELECT NULLIF(text 'x', 1)",
                    "SELECT text 'x' IN (1)",
                    "SELECT 1 FROM (SELECT 'x'::text AS t) s JOIN (SELECT 1 AS i) j ON s.t IN (j.i)",
                    "SELECT EXISTS (SELECT 1 WHERE 'x'::text IN (1))",
                    "WITH t(a) AS (SELECT 'x'::text) SELECT a IN (1) FROM t")) {
                assertRefusedWithoutEffect(runtime, null, sql);
            }
        } finally {
            try (Statement st = observer.createStatement()) {
                st.execute("DROP OPERATOR IF EXISTS public.= (text, int); DROP OPERATOR IF EXISTS public.<> (text, int); "
                        + "DROP OPERATOR IF EXISTS public.>= (text, int); DROP OPERATOR IF EXISTS public.<= (text, int)");
            }
        }
    }

    @Test
    void s3ColumnAliasListsOnHiddenColumns() {
        for (String sql : List.of(
                "SELECT e.d FROM hr.employees AS e(a, b, c, d) LIMIT 3",
                "SELECT j.d FROM (hr.employees e(a, b, c, d) JOIN sales.customers c ON true) AS j LIMIT 3",
                "SELECT x.z FROM sales.customers c, LATERAL (SELECT * FROM hr.employees) AS x(a, b, c, z) LIMIT 3",
                "SELECT t.z FROM (SELECT * FROM hr.employees) t(a, b, c, z) LIMIT 3",
                "WITH w(a, b, c, z) AS (SELECT * FROM hr.employees) SELECT z FROM w LIMIT 3",
                "SELECT (e).ssn FROM (SELECT e FROM hr.employees e) s LIMIT 3",
                "SELECT substr(e::text, 1, 200) FROM hr.employees e LIMIT 3",
                "SELECT row_to_json(e)::text FROM hr.employees e LIMIT 3",
                "SELECT (SELECT string_agg(v, ',') FROM jsonb_each_text(to_jsonb(e)) x(k, v)) FROM hr.employees e LIMIT 3")) {
            assertNoSsnLeak(sql);
        }
    }

    @Test
    void s4FunctionsThatRunSqlText() {
        for (String sql : List.of(
                "SELECT ts_rewrite('a'::tsquery, $$SELECT to_tsquery('simple', replace(ssn, '-', '')), 'a'::tsquery FROM hr.employees$$)::text",
                "SELECT table_to_xml('hr.employees', true, false, '')::text",
                "SELECT schema_to_xml('hr', true, false, '')::text",
                "SELECT database_to_xml(true, false, '')::text",
                "SELECT cursor_to_xml('c', 5, true, false, '')::text")) {
            assertNoSsnLeak(sql);
        }
        // ts_stat splits an ssn into words (101, -07, -0389): no ssn-shaped value, yet a leak; it must be refused.
        assertRefusedNamingNothingHidden("SELECT * FROM ts_stat($$SELECT to_tsvector('simple', ssn) FROM hr.employees$$)");
    }

    @Test
    void s5StatisticsViewsInHidingProfiles() throws Exception {
        try (Statement st = observer.createStatement()) {
            st.execute("ANALYZE hr.employees");
        }
        for (String sql : List.of(
                "SELECT histogram_bounds::text, most_common_vals::text FROM pg_stats WHERE attname = 'ssn'",
                "SELECT s.histogram_bounds::text FROM pg_catalog.pg_stats s WHERE s.tablename = 'employees'",
                "SELECT most_common_vals::text FROM pg_stats_ext",
                "SELECT query FROM pg_stat_activity")) {
            assertNoSsnLeak(sql);
        }
        for (String sql : List.of(
                "SELECT tablename::text FROM pg_stats WHERE schemaname = 'Analytics'",
                "SELECT relname::text FROM pg_stat_user_tables WHERE schemaname = 'Analytics'",
                "SELECT relname::text FROM pg_statio_all_tables WHERE schemaname = 'Analytics'",
                "SELECT attname::text FROM pg_stats WHERE tablename = 'employees' AND attname = 'ssn'")) {
            Throwable outcome = catchThrowable(() -> {
                QueryResult result = call(guarded, "guarded", sql);
                assertThat(String.valueOf(result.rows())).as("%s named hidden objects", sql)
                        .doesNotContain("PageViews").doesNotContain("ssn");
            });
            if (outcome instanceof AssertionError error) {
                throw error;
            }
        }
    }

    /** Session state set by one call must not reach the next call on the pooled connection. */
    @Test
    void s6SearchPathSetByOneCallDoesNotReachTheNext() throws Exception {
        for (String sql : List.of(
                "SELECT set_config('search_path', 'traps, public', false)",
                "SELECT 1 FROM pg_catalog.set_config('search_path', 'traps, public', false)")) {
            catchThrowable(() -> call(owner, null, sql));
            for (int i = 0; i < 3; i++) {
                assertThat(String.valueOf(call(owner, null, "SELECT current_setting('search_path')").rows()))
                        .as("the search path after %s", sql).doesNotContain("traps");
            }
        }
        catchThrowable(() -> call(owner, null, "SELECT length(repeat('x', 400000000))::text || repeat('y', 300000000)"));
        assertThat(call(owner, null, "SELECT 1").rows()).as("the runtime still answers after a huge value").hasSize(1);
    }
}
