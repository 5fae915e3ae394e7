package dev.pgmcp.policy.attacks;

import java.util.ArrayList;
import java.util.List;

/**
 * Attacks on a policy profile that hides hr.employees.ssn: reaching the hidden column through
 * {@code *}, views and row functions; calling denied functions quoted, qualified, escaped or in
 * FROM; cost bombs. Each must be refused by the policy layer under the named rule. Sent through the
 * core layers by {@link PolicyAttackSuiteTest}, and through the shaded stdio jar by pgmcp-server-stdio's
 * {@code CorpusAndAttacksIT}.
 */
public final class PolicyAttackCatalog {

    /** The profile under attack. */
    public static final String PROFILE = "guarded";

    /** Its definition: the entry under {@code profiles:} of a configuration file. */
    public static final String PROFILE_YAML = """
            guarded:
              schemas: {deny: ['"Analytics"']}
              columns: {deny: [hr.employees.ssn]}
              functions: {allow: [policy_attacks.rows_of]}
            """;

    /** The objects the attacks use, created by the superuser before the suite and dropped after it. */
    public static final String SETUP_SQL = "DROP SCHEMA IF EXISTS policy_attacks CASCADE; CREATE SCHEMA policy_attacks; "
            + "CREATE VIEW policy_attacks.employee_directory AS SELECT id, name, ssn FROM hr.employees; "
            + "CREATE VIEW policy_attacks.everything AS SELECT * FROM hr.employees; "
            + "CREATE FUNCTION policy_attacks.rows_of(e hr.employees) RETURNS text IMMUTABLE "
            + "LANGUAGE sql AS 'SELECT $1::text'; "
            // Materialized views and views whose rows come from the hidden column or the hidden schema.
            + "CREATE MATERIALIZED VIEW policy_attacks.ssn_digest AS SELECT id, md5(ssn) AS digest FROM hr.employees; "
            + "CREATE MATERIALIZED VIEW policy_attacks.ssn_filtered AS SELECT id FROM hr.employees WHERE ssn LIKE '1%'; "
            + "CREATE MATERIALIZED VIEW policy_attacks.employee_rows AS SELECT e::text AS r FROM hr.employees e; "
            + "CREATE MATERIALIZED VIEW policy_attacks.digest_of_digest AS SELECT * FROM policy_attacks.ssn_digest; "
            + "CREATE MATERIALIZED VIEW policy_attacks.directory_mv AS SELECT id FROM policy_attacks.employee_directory "
            + "WHERE ssn IS NOT NULL; "
            + "CREATE VIEW policy_attacks.view_of_digest AS SELECT * FROM policy_attacks.ssn_digest; "
            + "CREATE MATERIALIZED VIEW policy_attacks.page_counts AS SELECT count(*) AS n FROM \"Analytics\".\"PageViews\"; "
            + "CREATE VIEW policy_attacks.barrier WITH (security_barrier) AS SELECT id, ssn AS tax FROM hr.employees; "
            + "ALTER VIEW policy_attacks.barrier OWNER TO pgmcp_owner; "
            + "CREATE VIEW policy_attacks.invoker WITH (security_invoker) AS SELECT id, ssn AS tax FROM hr.employees; "
            // Controls: built on visible data only, they must run.
            + "CREATE MATERIALIZED VIEW policy_attacks.names_mv AS SELECT id, name FROM hr.employees; "
            + "CREATE MATERIALIZED VIEW policy_attacks.headcount AS SELECT count(*) AS n FROM hr.employees; "
            // A visible view over a function of the hidden schema: the refusal must not name either.
            + "CREATE OR REPLACE FUNCTION \"Analytics\".secret_fn() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1'; "
            + "CREATE VIEW policy_attacks.uses_secret AS SELECT \"Analytics\".secret_fn() AS x; "
            // Review R6: rows computed by functions over SQL text, which pg_depend does not follow.
            + "CREATE MATERIALIZED VIEW policy_attacks.ssn_by_sql_text AS SELECT "
            + "query_to_xml('SELECT ssn FROM hr.employees', true, false, '')::text AS x; "
            + "CREATE VIEW policy_attacks.sql_text_view AS SELECT "
            + "query_to_xml('SELECT ssn FROM hr.employees', true, false, '')::text AS x; "
            + "CREATE MATERIALIZED VIEW policy_attacks.over_sql_text_view AS SELECT length(x) AS n "
            + "FROM policy_attacks.sql_text_view; "
            // Domains over an OID alias type and over the row type of the table with the hidden column (review R3, R4).
            + "CREATE DOMAIN policy_attacks.relation_ref AS regclass; "
            + "CREATE DOMAIN policy_attacks.employee_row AS hr.employees";

    /** Reads of visible data through materialized views, which every policy attack set-up must run. */
    public static final List<String> CONTROLS = List.of(
            "SELECT id, name FROM policy_attacks.names_mv ORDER BY id LIMIT 1",
            "SELECT n FROM policy_attacks.headcount",
            "SELECT * FROM sales.monthly_revenue LIMIT 1",
            // Review R9: the sampling method of TABLESAMPLE is judged by the function classes, not by volatility.
            "SELECT count(*) FROM sales.orders TABLESAMPLE SYSTEM (50)",
            "SELECT count(*) FROM sales.orders TABLESAMPLE BERNOULLI (10) REPEATABLE (1)",
            // Review R5: a relation without hidden columns proven empty still runs.
            "SELECT count(*) FROM sales.customers c WHERE false");

    public static final String TEARDOWN_SQL = "DROP SCHEMA IF EXISTS policy_attacks CASCADE; "
            + "DROP FUNCTION IF EXISTS \"Analytics\".secret_fn()";

    private static final String HIDDEN = "hidden-column";
    private static final String DENIED = "denied-function";
    private static final String COST = "max-cost";

    /**
     * One attack and the rule that must refuse it.
     *
     * @param hiddenName  for an existence oracle, a hidden name in {@code sql}; null otherwise
     * @param missingName the name that replaces it to ask about an object that does not exist: the
     *                    answer must be the same refusal, word for word but for the name the query wrote
     */
    public record PolicyAttack(String category, String sql, String rule, String hiddenName, String missingName) {

        public PolicyAttack(String category, String sql, String rule) {
            this(category, sql, rule, null, null);
        }

        /** The same query about a missing object, or null when this attack is no oracle. */
        public String missingSql() {
            return hiddenName == null ? null : word(hiddenName).matcher(sql).replaceAll(missingName);
        }

        /** The answer expected for {@link #missingSql()}, given the agent message for {@code sql}. */
        public String expectedMissingAnswer(String hiddenAnswer) {
            return word(hiddenName).matcher(hiddenAnswer).replaceAll(missingName);
        }
    }

    /** Whether the text holds the name as a whole identifier (not as part of a longer one). */
    public static boolean namesWord(String text, String name) {
        return word(name).matcher(text).find();
    }

    private static java.util.regex.Pattern word(String name) {
        return java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}_$])" + java.util.regex.Pattern.quote(name)
                + "(?![\\p{L}\\p{N}_$])");
    }

    /** Names the profile hides: no refusal may contain one the attack's SQL does not. */
    public static final List<String> HIDDEN_NAMES = List.of("ssn", "PageViews", "secret_fn", "Analytics");

    private PolicyAttackCatalog() {
    }

    public static List<PolicyAttack> all() {
        List<PolicyAttack> all = new ArrayList<>();
        // Hidden columns: directly, through *, whole rows, views, row functions, conditions and sorts.
        for (String sql : List.of(
                "SELECT ssn FROM hr.employees",
                "SELECT \"ssn\" FROM hr.employees",
                "SELECT * FROM hr.employees",
                "SELECT e.* FROM hr.employees e",
                "SELECT e FROM hr.employees e",
                "SELECT (e).ssn FROM hr.employees e",
                "SELECT row_to_json(e) FROM hr.employees e",
                "SELECT to_json(e.*) FROM hr.employees e",
                "SELECT jsonb_agg(e) FROM hr.employees e",
                "SELECT e::text FROM hr.employees e",
                "SELECT CAST(e AS text) FROM hr.employees e",
                "SELECT format('%s', e) FROM hr.employees e",
                "SELECT policy_attacks.rows_of(e) FROM hr.employees e",
                "SELECT hstore_dummy FROM (SELECT e::text AS hstore_dummy FROM hr.employees e) x",
                "SELECT * FROM policy_attacks.employee_directory",
                "SELECT * FROM policy_attacks.everything",
                "SELECT d::text FROM policy_attacks.employee_directory d",
                "SELECT ssn FROM policy_attacks.everything",
                "SELECT x.ssn FROM (SELECT * FROM hr.employees) x",
                "WITH t AS (SELECT * FROM hr.employees) SELECT t FROM t",
                "WITH t AS MATERIALIZED (SELECT ssn FROM hr.employees) SELECT count(*) FROM t",
                "SELECT name FROM hr.employees WHERE ssn = '123-45-6789'",
                "SELECT name FROM hr.employees WHERE substr(ssn, 1, 1) = '1'",
                "SELECT count(*) FILTER (WHERE ssn LIKE '1%') FROM hr.employees",
                "SELECT name FROM hr.employees ORDER BY ssn",
                "SELECT ARRAY(SELECT ssn FROM hr.employees)",
                "SELECT md5(ssn) FROM hr.employees",
                "SELECT max(ssn) FROM hr.employees",
                "SELECT name FROM hr.employees UNION SELECT ssn FROM hr.employees",
                "SELECT s FROM hr.departments d, LATERAL (SELECT ssn FROM hr.employees e "
                        + "WHERE e.department_id = d.id) s",
                "SELECT d.name FROM hr.departments d WHERE EXISTS (SELECT 1 FROM hr.employees e "
                        + "WHERE e.department_id = d.id AND e.ssn LIKE '9%')",
                "SELECT * FROM hr.employees e1 JOIN hr.departments d ON d.id = e1.department_id")) {
            all.add(new PolicyAttack("hidden column", sql, HIDDEN));
        }
        // Hidden columns renamed by a column-alias list (EXPLAIN prints alias names, by position).
        for (String sql : List.of(
                "SELECT e.x FROM hr.employees AS e(id, name, email, x)",
                "SELECT e.salary FROM hr.employees AS e(id, name, email, salary, ssn)",
                "SELECT x FROM hr.employees e(id, name, email, x)",
                "SELECT \"X\" FROM hr.employees AS \"E\"(id, name, email, \"X\")",
                "SELECT e.x FROM \"hr\".\"employees\" e (id, name, email, x)",
                "SELECT e.x FROM hr.employees * AS e(id, name, email, x)",
                "SELECT e.x FROM ONLY (hr.employees) e(id, name, email, x)",
                "SELECT e.x FROM ONLY hr.employees AS e(id, name, email, x)",
                "SELECT e.x FROM /* c */ hr . employees /* c */ AS /* c */ e /* c */ (id, name, email, x)",
                "SELECT count(*) FROM hr.employees e(id, name, email, x) WHERE e.x LIKE '1%'",
                "SELECT e.id FROM hr.employees e(id, name, email, x) ORDER BY e.x",
                "SELECT d.name, e.x FROM hr.departments d JOIN hr.employees e(id, name, email, x) "
                        + "ON e.department_id = d.id",
                "SELECT d.name FROM hr.departments d JOIN hr.employees e(id, name, email, x) "
                        + "ON e.department_id = d.id AND e.x LIKE '9%'",
                "SELECT l.x FROM hr.departments d, LATERAL (SELECT e.x FROM hr.employees e(id, name, email, x) "
                        + "WHERE e.department_id = d.id) l",
                "SELECT (SELECT max(e.x) FROM hr.employees e(id, name, email, x))",
                "SELECT s.x FROM (SELECT e.x FROM hr.employees e(id, name, email, x)) s",
                "WITH c(a, b) AS (SELECT e.id, e.x FROM hr.employees e(id, name, email, x)) SELECT b FROM c",
                "SELECT v.a FROM (VALUES (1)) v(a) JOIN hr.employees e(id, name, email, x) ON e.id = v.a "
                        + "WHERE e.x IS NOT NULL",
                "SELECT CAST(e.x AS varchar(20)) FROM hr.employees AS e(id, name, email, x)",
                "SELECT e.x FROM hr.employees AS numeric(id, name, email, x), hr.employees e(id, name, email, x)")) {
            all.add(new PolicyAttack("column-alias list", sql, HIDDEN));
        }
        // Statistics that sample the hidden column: pg_stats and the views over extended statistics.
        for (String sql : List.of(
                "SELECT most_common_vals FROM pg_stats WHERE tablename = 'employees' AND attname = 'ssn'",
                "SELECT histogram_bounds::text FROM pg_catalog.pg_stats WHERE attname = 'ssn'",
                "SELECT * FROM pg_stats",
                "SELECT count(*) FROM pg_stats WHERE schemaname = 'hr'",
                "SELECT * FROM pg_stats_ext",
                "SELECT * FROM pg_catalog.pg_stats_ext_exprs",
                "SELECT stavalues1::text FROM pg_statistic",
                "SELECT s.attname FROM hr.departments d JOIN pg_stats s ON s.tablename = d.name")) {
            // pg_stats and its kin call catalog functions, which the function rule refuses before EXPLAIN
            // in a profile that hides objects; pg_statistic itself calls none and meets the plan rule.
            all.add(new PolicyAttack("statistics", sql, sql.contains("FROM pg_statistic") ? "column-statistics" : DENIED));
        }
        // Denied functions: quoted, schema-qualified, Unicode-escaped, in FROM, odd case and spacing.
        for (String sql : List.of(
                "SELECT \"pg_sleep\"(1)",
                "SELECT pg_catalog.pg_sleep(1)",
                "SELECT \"pg_catalog\".\"pg_sleep\"(1)",
                "SELECT PG_SLEEP(1)",
                "SELECT/**/pg_sleep/**/(1)",
                "SELECT U&\"\\0070g_sleep\"(1)",
                "SELECT U&\"!0070g_sleep\" UESCAPE '!' (1)",
                "SELECT * FROM pg_sleep(1)",
                "SELECT * FROM pg_catalog.\"pg_advisory_lock\"(42)",
                "SELECT 1 FROM sales.orders, LATERAL pg_catalog.pg_advisory_xact_lock(orders.id) LIMIT 1",
                "SELECT * FROM pg_read_file('/etc/hostname')",
                "SELECT * FROM pg_ls_dir('.')",
                "SELECT \"lo_import\"('/etc/hostname')",
                "SELECT set_config('work_mem', '1GB', false)",
                "SELECT * FROM ROWS FROM (pg_catalog.pg_sleep(1))",
                "SELECT pg_notify('pgmcp_attack', 'x')",
                "SELECT nextval('public.counter_seq')",
                "SELECT query_to_xml('DELETE FROM public.audit_log RETURNING 1', true, false, '')")) {
            all.add(new PolicyAttack("denied function", sql, DENIED));
        }
        // Catalog functions that reveal hidden objects' definitions, columns and comments, by name or OID.
        String viewOid = "(SELECT c.oid FROM pg_class c WHERE c.relname = 'employee_directory')";
        for (String sql : List.of(
                "SELECT pg_get_viewdef('policy_attacks.employee_directory'::regclass)",
                "SELECT pg_get_viewdef(" + viewOid + ")",
                "SELECT pg_get_viewdef(" + viewOid + ", true)",
                "SELECT pg_catalog.pg_get_viewdef('policy_attacks.employee_directory')",
                "SELECT table_to_xmlschema('hr.employees'::regclass, true, false, '')",
                "SELECT schema_to_xmlschema('hr', true, false, '')",
                "SELECT col_description('hr.employees'::regclass, 7)",
                "SELECT col_description(a.attrelid, a.attnum) FROM pg_attribute a WHERE a.attname = 'ssn'",
                "SELECT obj_description('hr.employees'::regclass, 'pg_class')",
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i",
                "SELECT pg_get_constraintdef(c.oid) FROM pg_constraint c",
                "SELECT pg_get_functiondef('policy_attacks.rows_of'::regproc)",
                "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d",
                "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attname = 'ssn'",
                "SELECT has_column_privilege('hr.employees', 'ssn', 'SELECT')",
                "SELECT definition FROM pg_views WHERE viewname = 'employee_directory'",
                "SELECT * FROM information_schema.columns WHERE column_name = 'ssn'")) {
            all.add(new PolicyAttack("catalog function", sql, DENIED));
        }
        // System catalogs, which every role may read and which name every object, hidden ones included.
        for (String sql : List.of(
                "SELECT attname FROM pg_attribute WHERE attnum > 0",
                "SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = 16384",
                "SELECT d.description, a.attname FROM pg_description d JOIN pg_attribute a ON a.attrelid = d.objoid "
                        + "AND a.attnum = d.objsubid",
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'hr'",
                "SELECT indexrelid, indpred::text FROM pg_index",
                "SELECT ev_action::text FROM pg_rewrite",
                "SELECT prosrc FROM pg_proc",
                "SELECT adbin::text FROM pg_attrdef",
                "SELECT tablename FROM pg_tables")) {
            all.add(new PolicyAttack("system catalog", sql, "catalog-relation"));
        }
        // OID alias casts name objects by OID, hidden ones included, without reading a catalog table.
        for (String sql : List.of(
                "SELECT x::regclass::text FROM generate_series(16384, 16500) x",
                "SELECT 16390::regtype::text",
                "SELECT CAST(16390 AS regclass)::text",
                "SELECT 'hr.employees'::regclass::oid",
                "SELECT 16390::pg_catalog.regnamespace::text")) {
            all.add(new PolicyAttack("system catalog", sql, DENIED));
        }
        // information_schema's views call its helper functions, which the function rule refuses first.
        all.add(new PolicyAttack("system catalog", "SELECT column_name FROM information_schema.columns "
                + "WHERE table_name = 'employees'", DENIED));
        // Cost bombs.
        for (String sql : List.of(
                "SELECT count(*) FROM generate_series(1, 2000000000)",
                "SELECT count(*) FROM generate_series(1, 1000000000000) g",
                "SELECT count(*) FROM sales.orders a CROSS JOIN sales.orders b CROSS JOIN sales.orders c "
                        + "CROSS JOIN sales.orders d",
                "SELECT count(*) FROM generate_series(1, 100000) a, generate_series(1, 100000) b",
                "SELECT count(*) FROM sales.order_items a, sales.order_items b, sales.order_items c, sales.order_items d",
                "SELECT max(a.id + b.id + c.id) FROM sales.customers a, sales.events b, sales.orders c, "
                        + "sales.order_items d")) {
            all.add(new PolicyAttack("cost bomb", sql, COST));
        }
        // Materialized views over the hidden column or schema: the plan shows only the view's own scan.
        for (String sql : List.of(
                "SELECT * FROM policy_attacks.ssn_digest",
                "SELECT count(*) FROM policy_attacks.ssn_digest",
                "SELECT id FROM policy_attacks.ssn_filtered",
                "SELECT * FROM policy_attacks.employee_rows",
                "SELECT * FROM policy_attacks.digest_of_digest",
                "SELECT id FROM policy_attacks.directory_mv",
                "SELECT * FROM policy_attacks.view_of_digest",
                "SELECT x.name FROM hr.departments x JOIN policy_attacks.ssn_digest d ON d.id = x.id",
                "SELECT name FROM hr.departments WHERE id IN (SELECT id FROM policy_attacks.ssn_filtered)")) {
            all.add(new PolicyAttack("materialized view", sql, HIDDEN));
        }
        all.add(new PolicyAttack("materialized view", "SELECT n FROM policy_attacks.page_counts", "denied-table"));
        // Views with security_barrier, security_invoker or another owner: still expanded in the plan.
        for (String sql : List.of(
                "SELECT tax FROM policy_attacks.barrier",
                "SELECT id FROM policy_attacks.barrier WHERE tax LIKE '1%'",
                "SELECT * FROM policy_attacks.invoker",
                "SELECT count(*) FROM policy_attacks.invoker WHERE tax > '5'")) {
            all.add(new PolicyAttack("view", sql, HIDDEN));
        }
        // Messages: a hidden column and a missing one get the same answer, and no answer names a
        // hidden object (PostgreSQL's HINT "Perhaps you meant to reference the column "e.ssn"" included).
        for (String sql : List.of(
                "SELECT ssn FROM hr.employees",
                "SELECT e.ssn FROM hr.employees e",
                "SELECT (e).ssn FROM hr.employees e",
                "SELECT ssn + 1 FROM hr.employees",
                "SELECT ssn, nosuch FROM hr.employees",
                "SELECT nosuch, ssn FROM hr.employees",
                "SELECT 'x'::int, ssn FROM hr.employees",
                "SELECT e.id FROM hr.employees e JOIN hr.departments d ON d.zzz = 1 WHERE e.ssn IS NULL",
                "SELECT name FROM hr.employees GROUP BY name HAVING max(ssn) > 'a'",
                "SELECT ssn FROM policy_attacks.employee_directory",
                "WITH t AS (SELECT * FROM hr.employees) SELECT t.ssn FROM t")) {
            all.add(new PolicyAttack("message", sql, HIDDEN, "ssn", "ssq"));
        }
        all.add(new PolicyAttack("message", "SELECT tax FROM policy_attacks.barrier", HIDDEN, "tax", "tay"));
        for (String sql : List.of(
                "SELECT ss FROM hr.employees",
                "SELECT e.sn FROM hr.employees e",
                "SELECT * FROM hr.employees GROUP BY name",
                "SELECT name, sn FROM hr.employees")) {
            all.add(new PolicyAttack("message", sql, HIDDEN));
        }
        for (String sql : List.of(
                "SELECT * FROM \"Analytics\".\"PageViews\"",
                "SELECT 1 FROM hr.departments d, \"Analytics\".\"PageViews\" p",
                "WITH x AS (SELECT 'a'::int AS a) SELECT * FROM x, \"Analytics\".\"PageViews\"",
                "SELECT * FROM \"Analytics\".\"PageViews\" WHERE 'a'::int = 1")) {
            all.add(new PolicyAttack("message", sql, "denied-schema", "PageViews", "PageViewz"));
        }
        all.add(new PolicyAttack("function through a view", "SELECT * FROM policy_attacks.uses_secret", DENIED));
        // The row type of hr.employees names its hidden column without reading a row.
        for (String sql : List.of(
                "SELECT * FROM json_populate_record(NULL::hr.employees, '{}')",
                "SELECT to_json(json_populate_record(NULL::hr.employees, '{}'))::text",
                "SELECT (NULL::hr.employees).*",
                "SELECT to_jsonb(NULL::hr.employees)::text",
                "SELECT to_jsonb(CAST(NULL AS hr.employees))::text",
                "SELECT to_jsonb(NULL::\"hr\".\"employees\"[])::text",
                "SELECT * FROM jsonb_populate_recordset(NULL::hr.employees, '[{}]')",
                "SELECT to_jsonb(x.r)::text FROM jsonb_to_record('{\"r\": null}') AS x(r hr.employees)")) {
            all.add(new PolicyAttack("row type", sql, HIDDEN));
        }
        // Functions the text never names (fixture schema traps): attribute notation, an implicit user cast,
        // expressions folded while planning a read, domains outside casts; names the catalog copy lacks.
        for (String sql : List.of(
                "SELECT ('(1,x)'::traps.gen_row).summarized_row",
                "SELECT g.\"summarized_any\" FROM traps.gen_row g",
                "SELECT abs(macaddr8_set7bit('08:00:2b:01:02:03:04:05'))",
                "SELECT round(m) FROM traps.macs",
                "SELECT * FROM traps.indexed",
                "SELECT * FROM traps.with_statistics",
                "SELECT * FROM traps.partitioned WHERE x = 1",
                "SELECT * FROM traps.partition_key",
                "SELECT * FROM json_to_record('{\"c\": 1}') AS r(c traps.tick)",
                "SELECT * FROM jsonb_populate_record(null::traps.nested_ticks, '{}')")) {
            all.add(new PolicyAttack("unnamed call", sql, DENIED));
        }
        // Review R5: a relation proven empty leaves no scan node; the answer is still the one for a missing column.
        all.add(new PolicyAttack("proven empty", "SELECT to_jsonb(json_populate_record((SELECT e FROM hr.employees e "
                + "WHERE false), '{}'))::text", HIDDEN));
        all.add(new PolicyAttack("proven empty", "SELECT ssn FROM hr.employees WHERE false", HIDDEN, "ssn", "ssq"));
        all.add(new PolicyAttack("proven empty", "SELECT id FROM hr.employees WHERE 1 = 0 AND ssn > ''", HIDDEN,
                "ssn", "ssq"));
        all.add(new PolicyAttack("proven empty", "WITH unused AS (SELECT ssn FROM hr.employees) SELECT 1", HIDDEN,
                "ssn", "ssq"));
        all.add(new PolicyAttack("proven empty", "SELECT ssn FROM policy_attacks.employee_directory WHERE false",
                HIDDEN, "ssn", "ssq"));
        // Review R10: built-in functions with an OID alias argument or result are catalog functions (refused by
        // class before the volatility rule): an integer or a string reaches their regclass by implicit conversion.
        for (String sql : List.of(
                "SELECT currval('\"Analytics\".\"PageViews\"')",
                "SELECT currval(16384)",
                "SELECT regclass('\"Analytics\".\"PageViews\"')::oid",
                "SELECT pg_typeof(1)::text")) {
            all.add(new PolicyAttack("OID alias type", sql, DENIED));
        }
        // Review R6: materialized views computed by functions that are not of the read class.
        all.add(new PolicyAttack("materialized view over SQL text", "SELECT * FROM policy_attacks.ssn_by_sql_text",
                HIDDEN));
        all.add(new PolicyAttack("materialized view over SQL text", "SELECT count(*) FROM policy_attacks.ssn_by_sql_text",
                HIDDEN));
        all.add(new PolicyAttack("materialized view over SQL text",
                "SELECT n FROM policy_attacks.over_sql_text_view", HIDDEN));
        // Review R3: arrays of the OID alias types and domains over them, wherever a type is named.
        for (String sql : List.of(
                "SELECT ('{' || x || '}')::_regclass::text FROM generate_series(16384, 16500) x",
                "SELECT ('{' || x || '}')::_regnamespace::text FROM generate_series(16384, 16500) x",
                "SELECT ('{' || x || '}')::pg_catalog._regtype::text FROM generate_series(16384, 16500) x",
                "SELECT '{\"\\\"Analytics\\\".\\\"PageViews\\\"\"}'::_regclass::text",
                "SELECT ARRAY[16390]::regclass[]::text",
                "SELECT CAST(ARRAY[16390] AS pg_catalog.regclass ARRAY)::text",
                "SELECT 16390::policy_attacks.relation_ref::text",
                "SELECT r::text FROM json_to_record('{\"r\": \"hr.employees\"}') AS x(r regclass)")) {
            all.add(new PolicyAttack("system catalog", sql, DENIED));
        }
        // Review R4: row types through their array types and domains.
        for (String sql : List.of(
                "SELECT to_jsonb(json_populate_record((NULL::hr._employees)[1], '{}'))::text",
                "SELECT to_jsonb((NULL::\"hr\".\"_employees\")[1])::text",
                "SELECT to_jsonb(NULL::policy_attacks.employee_row)::text",
                "SELECT * FROM json_populate_record(NULL::policy_attacks.employee_row, '{}')")) {
            all.add(new PolicyAttack("row type", sql, HIDDEN));
        }
        // Review R4, R7: any name in the hidden schema (a table's array type, an enum, a function) gets the answer of
        // a missing one, whether it exists or not.
        all.add(new PolicyAttack("message", "SELECT to_jsonb(json_populate_record((NULL::\"Analytics\".\"_PageViews\")[1], "
                + "'{}'))::text", "denied-schema", "_PageViews", "_PageViewz"));
        all.add(new PolicyAttack("message", "SELECT enum_range(NULL::\"Analytics\".\"Level\")::text", "denied-schema",
                "Level", "Levem"));
        all.add(new PolicyAttack("message", "SELECT pg_typeof(NULL::\"Analytics\".\"Level\")::text", "denied-schema",
                "Level", "Levem"));
        all.add(new PolicyAttack("message", "SELECT CAST(NULL AS \"Analytics\".\"Level\"[])::text", "denied-schema",
                "Level", "Levem"));
        all.add(new PolicyAttack("message", "SELECT \"Analytics\".secret_fn()", "denied-schema", "secret_fn",
                "secret_fm"));
        all.add(new PolicyAttack("message", "SELECT 1 OPERATOR(\"Analytics\".+) 2", "denied-schema"));
        all.add(new PolicyAttack("message", "SELECT \"Analytics\".\"Level\" 'low'", "denied-schema", "Level", "Levem"));
        all.add(new PolicyAttack("message", "SELECT * FROM json_to_record('{\"l\": \"low\"}') AS r(l \"Analytics\".\"Level\")",
                "denied-schema", "Level", "Levem"));
        return List.copyOf(all);
    }
}
