package dev.pgmcp.policy.profile;

import dev.pgmcp.policy.complexity.ComplexityLimit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each profile rule against the real database: accepted and refused queries, as the superuser. */
class ProfileEnforcementTest {

    private static TestDatabase db;
    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        PolicyTestSchema.create(db);
        runtime = PolicyTestSchema.superuserRuntime(db, PolicyTestSchema.PROFILES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        PolicyTestSchema.drop(db);
    }

    static QueryResult run(String profile, String sql, Object... params) throws Exception {
        return runtime.executor(profile).execute(new QueryRequest(sql, List.of(params), null));
    }

    static QueryRefusedException refused(String profile, String sql, Object... params) {
        QueryRefusedException e = catchThrowableOfType(QueryRefusedException.class, () -> run(profile, sql, params));
        assertThat(e).as("%s under '%s' must be refused", sql, profile).isNotNull();
        assertThat(e.layer()).isEqualTo(Layer.POLICY);
        assertThat(e.toAgentMessage()).contains("policy '" + profile + "'").doesNotContain("Exception");
        return e;
    }

    // ------------------------------------------------------------ schemas and tables

    @Test
    void schemaAllowlistAndDenylist() throws Exception {
        assertThat(run("sales_only", "SELECT count(*) FROM sales.orders").rows()).hasSize(1);
        assertThat(refused("sales_only", "SELECT name FROM hr.departments").rule()).isEqualTo("denied-schema");
        assertThat(refused("sales_only", "SELECT count(*) FROM public.big_numbers").rule()).isEqualTo("denied-schema");
        assertThat(refused("analyst", "SELECT count(*) FROM \"Analytics\".\"PageViews\"").rule())
                .isEqualTo("denied-schema");
        assertThat(run("analyst", "SELECT count(*) FROM hr.departments").rows()).hasSize(1);
    }

    @Test
    void tableDenylistCoversPartitionsThroughTheirRoot() throws Exception {
        assertThat(refused("sales_only", "SELECT count(*) FROM sales.events").rule()).isEqualTo("denied-table");
        QueryRefusedException partition = refused("sales_only", "SELECT count(*) FROM sales.events_2024_02");
        assertThat(partition.rule()).isEqualTo("denied-table");
        // The answer names only what the query wrote: not the hidden parent, not the rule that hides it.
        assertThat(partition.reason()).contains("relation \"sales.events_2024_02\" does not exist, or this profile "
                + "does not show it").doesNotContain("part of").doesNotContain("sales.events ");
        assertThat(refused("analyst", "SELECT count(*) FROM public.audit_log").reason())
                .contains("relation \"public.audit_log\" does not exist, or this profile does not show it")
                .doesNotContain("audit_*");
    }

    @Test
    void viewsAreJudgedByTheirNameAndByTheTablesUnderThem() throws Exception {
        QueryRefusedException byName = refused("analyst", "SELECT * FROM sales.customer_order_totals");
        assertThat(byName.rule()).isEqualTo("denied-table");
        assertThat(byName.reason()).startsWith("relation \"sales.customer_order_totals\" does not exist, or this "
                + "profile does not show it");
        QueryRefusedException byTable = refused("sales_only", "SELECT * FROM sales.customer_order_totals");
        assertThat(byTable.reason()).doesNotContain("sales.customers").contains("through a view");
        assertThat(refused("sales_only", "SELECT o.id FROM sales.orders o WHERE o.customer_id IN "
                + "(SELECT id FROM sales.customers WHERE name LIKE 'A%')").rule()).isEqualTo("denied-table");
    }

    // ------------------------------------------------------------ columns

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT ssn FROM hr.employees",
        "SELECT * FROM hr.employees",
        "SELECT e.* FROM hr.employees e",
        "SELECT count(*) FROM hr.employees WHERE ssn LIKE '1%'",
        "SELECT row_to_json(e) FROM hr.employees e",
        "SELECT e::text FROM hr.employees e",
        "SELECT to_jsonb(e) - 'ssn' FROM hr.employees e",
        "SELECT * FROM policy_test.employee_directory",
        "SELECT d FROM policy_test.employee_directory d",
        "SELECT name FROM hr.employees ORDER BY ssn",
        "SELECT * FROM policy_test.accounts",
        "WITH x AS (SELECT * FROM hr.employees) SELECT name FROM x WHERE ssn IS NOT NULL",
    })
    void hiddenColumnsAreRefusedHoweverReached(String sql) {
        QueryRefusedException e = refused("analyst", sql);
        assertThat(e.rule()).isEqualTo("hidden-column");
        assertThat(e.toAgentMessage()).doesNotContain(".ssn").doesNotContain("password").contains("describe_table");
    }

    @Test
    void aColumnAliasListOnATableWithHiddenColumnsIsRefusedBeforePlanning() {
        QueryRefusedException e = refused("analyst", "SELECT e.salary FROM hr.employees AS e(id, name, email, salary)");
        assertThat(e.rule()).isEqualTo("hidden-column");
        assertThat(e.reason()).contains("column-alias list").doesNotContain("ssn");
        assertThat(e.hint()).contains("FROM hr.employees AS t");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT g.n FROM generate_series(1, 3) AS g(n)",
        "SELECT v.a, v.b FROM (VALUES (1, 'x'), (2, 'y')) AS v(a, b)",
        "SELECT s.k FROM (SELECT id, name FROM hr.employees) AS s(k, n)",
        "WITH c(k, n) AS (SELECT id, name FROM hr.employees) SELECT k, n FROM c",
        "SELECT d.k FROM hr.departments AS d(k, label)",
        "SELECT t.i FROM policy_test.employee_names AS t(i, n)",
        "SELECT CAST(salary AS numeric(10, 2)), CAST(e.id AS numeric(5)) FROM hr.employees e",
        "SELECT salary::numeric(10, 2), id::numeric(5) FROM hr.employees",
        "SELECT u.x FROM unnest(ARRAY[1, 2]) AS u(x) JOIN hr.employees e ON e.id = u.x",
    })
    void columnAliasListsThatCannotRenameAHiddenColumnRun(String sql) throws Exception {
        assertThat(run("analyst", sql).columns()).isNotEmpty();
    }

    @Test
    void answersAHiddenColumnLikeAMissingOneAndSaysWhatToDo() {
        String answer = "Refused by pgmcp (policy layer, rule hidden-column): A column the query uses does not exist, "
                + "or this profile does not show it (the query reads hr.employees, of which this profile shows only "
                + "some columns; pgmcp does not pass on PostgreSQL's error there, as it could tell a hidden column "
                + "from a missing one) (policy 'analyst'). describe_table lists the columns this profile shows: use "
                + "only those, and check the query's types and syntax.";
        assertThat(refused("analyst", "SELECT ssn FROM hr.employees").toAgentMessage()).isEqualTo(answer);
        assertThat(refused("analyst", "SELECT ssq FROM hr.employees").toAgentMessage()).isEqualTo(answer);
    }

    @Test
    void postgresHintsAndDetailsThatCouldNameHiddenObjectsAreDropped() throws Exception {
        // Over a table without hidden columns PostgreSQL's message stays (it helps), its HINT goes:
        // "Perhaps you meant to reference the column ..." names the nearest column of any relation in scope.
        dev.pgmcp.core.execution.QueryFailedException failed = catchThrowableOfType(
                dev.pgmcp.core.execution.QueryFailedException.class,
                () -> run("analyst", "SELECT nme FROM hr.departments"));
        assertThat(failed.getMessage()).isEqualTo("column \"nme\" does not exist");
        assertThat(failed.hint()).isNull();
        assertThat(failed.detail()).isNull();
        // A fixed hint, which names nothing, stays.
        failed = catchThrowableOfType(dev.pgmcp.core.execution.QueryFailedException.class,
                () -> run("analyst", "SELECT lower(1, 2, 3) FROM hr.departments"));
        assertThat(failed.hint()).startsWith("No function matches the given name and argument types.");
        // The default profile keeps PostgreSQL's hint.
        failed = catchThrowableOfType(dev.pgmcp.core.execution.QueryFailedException.class,
                () -> runtime.executor(PgmcpRuntime.DEFAULT_PROFILE).execute(
                        new QueryRequest("SELECT nme FROM hr.departments", List.of(), null)));
        assertThat(failed.hint()).contains("Perhaps you meant");
    }

    @Test
    void aMissingRelationIsAnsweredLikeAHiddenOne() {
        QueryRefusedException hidden = refused("sales_only", "SELECT count(*) FROM sales.events");
        QueryRefusedException missing = refused("sales_only", "SELECT count(*) FROM sales.eventz");
        assertThat(missing.rule()).isEqualTo(hidden.rule());
        assertThat(missing.toAgentMessage()).isEqualTo(hidden.toAgentMessage().replace("sales.events", "sales.eventz"));
        // A hidden schema: refused by its rule before planning, whether the table exists or not.
        assertThat(refused("analyst", "SELECT 1 FROM hr.departments d, \"Analytics\".\"Nothing\" n").toAgentMessage())
                .isEqualTo(refused("analyst", "SELECT 1 FROM hr.departments d, \"Analytics\".\"PageViews\" n")
                        .toAgentMessage().replace("PageViews", "Nothing"));
    }

    @Test
    void visibleColumnsRun() throws Exception {
        assertThat(run("analyst", "SELECT id, name, salary FROM hr.employees ORDER BY id LIMIT 2").rows()).hasSize(2);
        assertThat(run("analyst", "SELECT count(*) FROM hr.employees").rows()).hasSize(1);
        assertThat(run("analyst", "SELECT id, name FROM policy_test.employee_directory LIMIT 1").rows()).hasSize(1);
        assertThat(run("analyst", "SELECT * FROM policy_test.employee_names LIMIT 1").rows()).hasSize(1);
        assertThat(run("analyst", "SELECT login FROM policy_test.accounts").rows()).hasSize(1);
    }

    // ------------------------------------------------------------ functions

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT pg_sleep(0)",
        "SELECT \"pg_sleep\"(0)",
        "SELECT pg_catalog.pg_sleep(0)",
        "SELECT U&\"\\0070g_sleep\"(0)",
        "SELECT * FROM pg_sleep(0)",
        "SELECT * FROM pg_catalog.pg_advisory_lock(1)",
        "SELECT pg_read_file('/etc/passwd')",
    })
    void sideEffectFunctionsAreDeniedHoweverWritten(String sql) {
        assertThat(refused("analyst", sql).rule()).isEqualTo("denied-function");
    }

    @Test
    void volatileFunctionsAreRefusedUnlessAllowed() throws Exception {
        assertThat(refused("analyst", "SELECT clock_timestamp()").rule()).isEqualTo("volatile-function");
        // A user function is refused before its volatility counts: only functions allowed by name run.
        assertThat(refused("analyst", "SELECT policy_test.bump()").rule()).isEqualTo("denied-function");
        assertThat(refused("analyst", "SELECT * FROM policy_test.bump()").reason()).contains("user-defined function");
        assertThat(refused("analyst", "SELECT gen_random_uuid()").reason()).contains("VOLATILE");
        assertThat(run("analyst", "SELECT random() < 2").rows()).hasSize(1);
        assertThat(run("analyst", "SELECT now() IS NOT NULL, lower('X')").rows()).hasSize(1);
        assertThat(run("sales_only", "SELECT clock_timestamp() IS NOT NULL").rows()).hasSize(1);
        assertThat(refused("sales_only", "SELECT pg_sleep(0)").rule()).isEqualTo("denied-function");
    }

    @Test
    void strictAllowlist() throws Exception {
        assertThat(run("strict", "SELECT lower(name), count(*) FROM sales.customers GROUP BY 1 LIMIT 1").rows())
                .hasSize(1);
        assertThat(run("strict", "SELECT CAST(total AS numeric(10,2)) FROM sales.orders LIMIT 1").rows()).hasSize(1);
        assertThat(refused("strict", "SELECT md5(name) FROM sales.customers").rule())
                .isEqualTo("function-not-allowed");
        assertThat(refused("strict", "SELECT md5('folded while planning')").rule())
                .isEqualTo("function-not-allowed");
        assertThat(refused("strict", "SELECT upper(name) FROM sales.customers").toAgentMessage())
                .contains("[count, lower]");
    }

    // ------------------------------------------------------------ complexity and limits

    @Test
    void joinAndDepthLimits() throws Exception {
        assertThat(run("analyst", "SELECT count(*) FROM sales.orders o JOIN sales.order_items i ON i.order_id = o.id "
                + "JOIN sales.products p ON p.id = i.product_id").rows()).hasSize(1);
        QueryRefusedException joins = refused("analyst", "SELECT count(*) FROM sales.orders a "
                + "JOIN sales.orders b ON b.id = a.id JOIN sales.orders c ON c.id = b.id "
                + "JOIN sales.orders d ON d.id = c.id JOIN sales.orders e ON e.id = d.id");
        assertThat(joins.rule()).isEqualTo("max-joins");
        assertThat(joins.reason()).contains("4 joins").contains("the limit is 3").contains("analyst");
        QueryRefusedException depth = refused("analyst", "SELECT c.id, (SELECT max(o.total) FROM sales.orders o "
                + "WHERE o.customer_id = c.id AND o.total > (SELECT avg(i.price) FROM sales.order_items i "
                + "WHERE i.order_id = o.id)) FROM sales.customers c");
        assertThat(depth.rule()).isEqualTo("max-subquery-depth");
        assertThat(run("analyst", "SELECT c.id, (SELECT max(o.total) FROM sales.orders o WHERE o.customer_id = c.id) "
                + "FROM sales.customers c LIMIT 1").rows()).hasSize(1);
    }

    @Test
    void aDenyGlobWithASchemaAlsoDeniesTheUnqualifiedCall() {
        QueryRefusedException unqualified = refused("schema_deny", "SELECT bump()");
        assertThat(unqualified.rule()).isEqualTo("denied-function");
        assertThat(unqualified.reason()).contains("policy_test.*");
        assertThat(refused("schema_deny", "SELECT policy_test.bump()").rule()).isEqualTo("denied-function");
    }

    @Test
    void aWildcardAllowlistDoesNotLiftTheSideEffectDenylist() throws Exception {
        assertThat(run("wide_allow", "SELECT count(*) FROM sales.orders").rows()).hasSize(1);
        for (String sql : List.of("SELECT pg_advisory_lock(1)", "SELECT pg_catalog.pg_terminate_backend(0)",
                "SELECT nextval('public.counter_seq')")) {
            assertThat(refused("wide_allow", sql).rule()).as(sql).isEqualTo("denied-function");
        }
    }

    @Test
    void aProfileWithoutJoinLimitsGetsTheServerDefaults() {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM sales.orders t0");
        for (int i = 1; i <= ComplexityLimit.DEFAULT_MAX_JOINS + 1; i++) {
            sql.append(" JOIN sales.orders t").append(i).append(" ON t").append(i).append(".id = t").append(i - 1)
                    .append(".id");
        }
        QueryRefusedException e = refused("sales_only", sql.toString());
        assertThat(e.rule()).isEqualTo("max-joins");
        assertThat(e.reason()).contains("the limit is " + ComplexityLimit.DEFAULT_MAX_JOINS);
    }

    @Test
    void costLimit() {
        QueryRefusedException e = refused("analyst", "SELECT count(*) FROM generate_series(1, 1000000000000) g");
        assertThat(e.rule()).isEqualTo("max-cost");
        assertThat(e.hint()).contains("limits.max-cost");
    }

    @Test
    void perProfileExecutionLimits() throws Exception {
        assertThat(runtime.executor("analyst").limits().maxRowsCeiling()).isEqualTo(5);
        QueryResult rows = run("analyst", "SELECT id FROM sales.orders ORDER BY id");
        assertThat(rows.rows()).hasSize(5);
        assertThat(rows.truncated()).isTrue();
        assertThat(run("analyst", "SELECT current_setting('statement_timeout')").rows().get(0).get(0))
                .isEqualTo("5s");
        assertThat(run("sales_only", "SELECT current_setting('statement_timeout')").rows().get(0).get(0))
                .isEqualTo("15s");
        QueryResult bytes = run("analyst", "SELECT repeat('x', 3000) UNION ALL SELECT repeat('y', 3000)");
        assertThat(bytes.truncated()).isTrue();
        assertThat(bytes.truncationReason()).isEqualTo("max_result_bytes");
    }

    // ------------------------------------------------------------ query patterns

    @Test
    void onlyApprovedShapesRunWhenEnforced() throws Exception {
        assertThat(run("patterns", "SELECT name FROM sales.customers WHERE id = 7").rows()).hasSize(1);
        assertThat(run("patterns", "select  NAME  from SALES.customers -- mine\n where id = $1", 7).rows()).hasSize(1);
        assertThat(run("patterns", "SELECT count(*) FROM sales.orders;").rows()).hasSize(1);
        QueryRefusedException e = refused("patterns", "SELECT name, email FROM sales.customers WHERE id = 7");
        assertThat(e.rule()).isEqualTo("query-pattern");
        assertThat(e.hint()).contains("select name from sales . customers where id = ?");
        assertThat(refused("patterns", "SELECT name FROM sales.customers WHERE id = 7 OR true").rule())
                .isEqualTo("query-pattern");
    }

    // ------------------------------------------------------------ the built-in default

    @Test
    void theBuiltInDefaultProfileKeepsTodaysPolicy() throws Exception {
        assertThat(runtime.profileNames()).containsExactly("default", "analyst", "patterns", "sales_only", "schema_deny",
                "strict", "wide_allow");
        assertThat(run("default", "SELECT ssn FROM hr.employees LIMIT 1").rows()).hasSize(1);
        assertThat(run("default", "SELECT clock_timestamp() IS NOT NULL").rows()).hasSize(1);
        QueryRefusedException sleep = catchThrowableOfType(QueryRefusedException.class,
                () -> run("default", "SELECT pg_sleep(0)"));
        assertThat(sleep.rule()).isEqualTo("denied-function");
    }
    // ------------------------------------------------------------ relation names in FROM lists

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT EXTRACT(YEAR FROM o.ordered_at) FROM sales.orders o LIMIT 1",
        "SELECT o.id FROM sales.orders o WHERE o.total IS DISTINCT FROM o.total + 1 LIMIT 1",
        "SELECT trim(BOTH FROM o.status::text), substring(o.status::text FROM 1 FOR 2) FROM sales.orders o LIMIT 1",
        "SELECT a.id, b.id FROM sales.orders a, sales.orders b WHERE a.id = b.id LIMIT 1",
        "SELECT x.n FROM (SELECT count(*) AS n FROM sales.orders) x, sales.orders o LIMIT 1",
    })
    void namesOutsideFromListsAreNoRelationsUnderASchemaAllowlist(String sql) throws Exception {
        // An allowlist hides every other schema: o.ordered_at after EXTRACT's FROM is a column, not a relation.
        assertThat(run("sales_only", sql).rows()).hasSize(1);
    }

    @Test
    void aNameTheRulesHideInAFromListIsRefusedBeforePlanningWhetherItExistsOrNot() {
        for (String relation : new String[] {"hr.departments", "hr.nothing_here"}) {
            QueryRefusedException e = refused("sales_only", "WITH c AS (SELECT 'x'::int AS a) SELECT 1 FROM c, "
                    + relation);
            assertThat(e.rule()).isEqualTo("denied-schema");
            assertThat(e.reason()).startsWith("relation \"" + relation + "\" does not exist, or this profile does "
                    + "not show it");
        }
    }

    // ------------------------------------------------------------ qualified names read whole (review R4, R7)

    @Test
    void rowTypesOfHiddenTablesReadLikeMissingTypes() throws Exception {
        for (String type : List.of("public.audit_log", "public._audit_log", "\"public\".\"audit_log\"[]")) {
            QueryRefusedException hidden = refused("analyst", "SELECT to_jsonb(NULL::" + type + ")::text");
            assertThat(hidden.rule()).as(type).isEqualTo("denied-table");
            assertThat(hidden.reason()).as(type).contains("does not exist, or this profile does not show it");
        }
        QueryRefusedException hidden = refused("analyst", "SELECT to_jsonb(NULL::public.audit_log)::text");
        QueryRefusedException missing = refused("analyst", "SELECT to_jsonb(NULL::public.audit_lug)::text");
        assertThat(missing.rule()).isEqualTo(hidden.rule());
        assertThat(missing.toAgentMessage()).isEqualTo(hidden.toAgentMessage().replace("audit_log", "audit_lug"));
    }

    @Test
    void namesOfSchemasOutsideAnAllowlistReadLikeMissingOnesAndAliasesStillWork() throws Exception {
        assertThat(run("sales_only", "SELECT o.id FROM sales.orders o ORDER BY o.id LIMIT 1").rows()).hasSize(1);
        // An alias named like a schema that exists but is not shown is taken for the schema (a typed literal or a
        // column definition list could name its types there): refused, like the schema's own names.
        assertThat(refused("sales_only", "SELECT hr.id FROM sales.orders hr LIMIT 1").rule()).isEqualTo("denied-schema");
        QueryRefusedException hidden = refused("sales_only", "SELECT to_jsonb(NULL::hr.employees)::text");
        QueryRefusedException missing = refused("sales_only", "SELECT to_jsonb(NULL::hq.employees)::text");
        assertThat(hidden.rule()).isEqualTo("denied-schema");
        assertThat(missing.toAgentMessage()).isEqualTo(hidden.toAgentMessage().replace("hr.", "hq."));
        assertThat(refused("sales_only", "SELECT hr.anything()").toAgentMessage())
                .isEqualTo(refused("sales_only", "SELECT hq.anything()").toAgentMessage().replace("hq.", "hr."));
    }

    @Test
    void threePartNamesWithTheCurrentDatabaseAreReadAsTwoPartOnes() throws Exception {
        String database = db.databaseName();
        assertThat(run("sales_only", "SELECT count(*) FROM " + database + ".sales.orders").rows()).hasSize(1);
        assertThat(refused("sales_only", "SELECT count(*) FROM " + database + ".sales.events").rule())
                .isEqualTo("denied-table");
        assertThat(refused("analyst", "SELECT count(*) FROM elsewhere.sales.orders").rule())
                .isEqualTo("improper-name");
        assertThat(refused("analyst", "SELECT NULL::a.b.c.d").rule()).isEqualTo("improper-name");
        assertThat(refused("analyst", "SELECT * FROM " + database + ".\"Analytics\".\"PageViews\"").rule())
                .isEqualTo("denied-schema");
    }

    @Test
    void aFunctionTheConfigurationAllowsByNameIsCallableQualifiedOutsideTheSchemaAllowlist() throws Exception {
        try (PgmcpRuntime own = PolicyTestSchema.superuserRuntime(db, """
                profiles:
                  sales_and_bump:
                    schemas: {allow: [sales]}
                    functions: {allow: [policy_test.bump], volatile: allow}
                """)) {
            assertThat(own.executor("sales_and_bump").execute(new QueryRequest("SELECT policy_test.bump()", List.of(),
                    null)).rows()).containsExactly(List.of(1));
            QueryRefusedException other = catchThrowableOfType(QueryRefusedException.class, () -> own.executor(
                    "sales_and_bump").execute(new QueryRequest("SELECT policy_test.other()", List.of(), null)));
            assertThat(other.rule()).isEqualTo("denied-schema");
        }
    }
}
