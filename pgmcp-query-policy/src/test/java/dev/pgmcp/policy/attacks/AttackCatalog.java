package dev.pgmcp.policy.attacks;

import static dev.pgmcp.policy.attacks.AttackCase.Outcome.FAILED;
import static dev.pgmcp.policy.attacks.AttackCase.Outcome.RAN_WITHOUT_EFFECT;
import static dev.pgmcp.policy.attacks.AttackCase.Outcome.REFUSED;
import static dev.pgmcp.policy.attacks.AttackCase.attack;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.policy.attacks.AttackCase.Check;
import dev.pgmcp.policy.attacks.AttackCase.Outcome;
import dev.pgmcp.policy.attacks.AttackCase.Target;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The attacks, by category. Every attack also gets the checks of {@link AttackVerification}: the
 * database state is unchanged, the next call behaves normally, no file appeared. Sent through the
 * core layers by {@link AttackSuiteTest}, and through the shaded stdio jar and the official MCP
 * client by pgmcp-server-stdio's {@code CorpusAndAttacksIT}.
 */
public final class AttackCatalog {

    static final String MULTI = "1 multiple statements";
    static final String TRANSACTION = "2 transaction escapes";
    static final String READ_ONLY = "3 read-only bypasses";
    static final String WRITES = "4 writes in disguise";
    static final String LOCKS = "5 row locks";
    static final String UTILITY = "6 DDL and utility";
    static final String SIDE_EFFECTS = "7 side-effect functions";
    static final String INPUT = "8 parameters and encoding";
    static final String CONTROLS = "9 controls: reads that must not be refused";
    static final String UNSEEN = "10 functions pgmcp cannot see into";

    /** Replication slots created by attacks are named like this, so that clean-up can drop them. */
    public static final String SLOT_PREFIX = "pgmcp_attack_";

    private static final String INJECTION = "'); DELETE FROM public.audit_log; --";

    private AttackCatalog() {
    }

    public static List<AttackCase> all() {
        List<AttackCase> all = new ArrayList<>();
        multipleStatements(all);
        transactionEscapes(all);
        readOnlyBypasses(all);
        writesInDisguise(all);
        rowLocks(all);
        ddlAndUtility(all);
        sideEffectFunctions(all);
        unseenFunctions(all);
        parametersAndEncoding(all);
        controls(all);
        return List.copyOf(all);
    }

    // ------------------------------------------------------------------ 10

    /**
     * Functions that run SQL text the plan does not show (tablefunc, dblink, the XML family, text
     * search statistics), extension functions, index maintenance that writes from a read-only
     * transaction, and functions with a false IMMUTABLE label that PostgreSQL runs while planning,
     * called directly, through an operator, a domain's CHECK constraint or a view (fixture schema
     * {@code traps}). The index pages of {@code owned.readings} are part of the state comparison;
     * the superuser can change them, so the default policy must refuse before EXPLAIN.
     * With the core layers alone they may run (a read) or fail (pgmcp_reader does not own the table).
     */
    private static void unseenFunctions(List<AttackCase> all) {
        String secret = "'SELECT id::text, ''ssn'', ssn FROM hr.employees ORDER BY 1'";
        for (String[] sql : new String[][] {
            {"crosstab over a hidden column", "SELECT * FROM crosstab(" + secret + ") AS t(id text, ssn text)"},
            {"crosstab with categories", "SELECT * FROM crosstab(" + secret + ", 'SELECT ''ssn''') AS t(id text, s text)"},
            {"crosstab2", "SELECT * FROM crosstab2(" + secret + ")"},
            {"crosstab3", "SELECT * FROM crosstab3(" + secret + ")"},
            {"crosstab4", "SELECT * FROM crosstab4(" + secret + ")"},
            {"crosstab schema-qualified and quoted", "SELECT * FROM \"public\".\"crosstab\"(" + secret
                    + ") AS t(id text, ssn text)"},
            {"crosstab U&-escaped", "SELECT * FROM U&\"cross\\0074ab\"(" + secret + ") AS t(id text, ssn text)"},
            {"connectby", "SELECT * FROM connectby('hr.employees', 'id', 'manager_id', '1', 0) "
                    + "AS t(id int, manager_id int, level int)"},
            {"normal_rand", "SELECT * FROM normal_rand(3, 0, 1)"}}) {
            all.add(attack(UNSEEN, "tablefunc: " + sql[0], sql[1]).needsExtension("tablefunc").expectAny().layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"dblink", "SELECT * FROM dblink('dbname=postgres', 'SELECT 1') AS t(x int)"},
            {"dblink_exec", "SELECT dblink_exec('dbname=postgres', 'DELETE FROM public.audit_log')"},
            {"dblink_connect", "SELECT dblink_connect('pgmcp_attack', 'dbname=postgres')"},
            {"dblink_connect_u", "SELECT dblink_connect_u('pgmcp_attack', 'dbname=postgres')"},
            {"dblink_send_query", "SELECT dblink_send_query('pgmcp_attack', 'SELECT 1')"},
            {"dblink_get_connections", "SELECT dblink_get_connections()"}}) {
            all.add(attack(UNSEEN, "dblink: " + sql[0], sql[1]).needsExtension("dblink").expectAny().layer(Layer.POLICY));
        }
        all.add(attack(UNSEEN, "pg_trgm: similarity", "SELECT ext.similarity('abc', 'abd')")
                .needsExtension("pg_trgm").expectAny().layer(Layer.POLICY));
        all.add(attack(UNSEEN, "pg_trgm: the % operator", "SELECT 'abc' OPERATOR(ext.%) 'abd'")
                .needsExtension("pg_trgm").expectAny().layer(Layer.POLICY));
        for (String[] sql : new String[][] {
            {"query_to_xml over a hidden column", "SELECT query_to_xml('SELECT ssn FROM hr.employees', true, false, '')"},
            {"query_to_xml_and_xmlschema",
                "SELECT query_to_xml_and_xmlschema('SELECT ssn FROM hr.employees', true, false, '')"},
            {"query_to_xmlschema", "SELECT query_to_xmlschema('SELECT ssn FROM hr.employees', true, false, '')"},
            {"table_to_xml", "SELECT table_to_xml('hr.employees', true, false, '')"},
            {"table_to_xml_and_xmlschema", "SELECT table_to_xml_and_xmlschema('hr.employees', true, false, '')"},
            {"schema_to_xml", "SELECT schema_to_xml('hr', true, false, '')"},
            {"schema_to_xml_and_xmlschema", "SELECT schema_to_xml_and_xmlschema('hr', true, false, '')"},
            {"database_to_xml", "SELECT database_to_xml(true, false, '')"},
            {"cursor_to_xml", "SELECT cursor_to_xml('c', 1, true, false, '')"},
            {"ts_stat over SQL text", "SELECT * FROM ts_stat('SELECT to_tsvector(ssn) FROM hr.employees')"},
            {"ts_rewrite over SQL text", "SELECT ts_rewrite('a'::tsquery, 'SELECT ''a''::tsquery, ssn::tsquery "
                    + "FROM hr.employees')"}}) {
            all.add(attack(UNSEEN, "XML and text search: " + sql[0], sql[1]).expectAny().layer(Layer.POLICY));
        }
        String brinOid = "(SELECT c.oid FROM pg_class c WHERE c.relname = 'readings_brin')";
        for (String[] sql : new String[][] {
            {"brin_summarize_new_values", "SELECT brin_summarize_new_values('owned.readings_brin')"},
            {"brin_summarize_new_values by OID", "SELECT brin_summarize_new_values(" + brinOid + ")"},
            {"brin_summarize_range", "SELECT brin_summarize_range('owned.readings_brin', 40)"},
            {"brin_desummarize_range", "SELECT brin_desummarize_range('owned.readings_brin', 0)"},
            {"gin_clean_pending_list", "SELECT gin_clean_pending_list('owned.readings_gin')"},
            {"gin_clean_pending_list in FROM",
                "SELECT * FROM pg_catalog.gin_clean_pending_list('owned.readings_gin')"}}) {
            all.add(attack(UNSEEN, "index maintenance: " + sql[0], sql[1]).expect(REFUSED, FAILED).layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"IMMUTABLE wrapper around brin_summarize_new_values", "SELECT traps.summarize_quietly()"},
            {"IMMUTABLE wrapper around gin_clean_pending_list", "SELECT traps.clean_quietly()"},
            {"IMMUTABLE wrapper around pg_cancel_backend", "SELECT traps.cancel_quietly(0)"},
            {"IMMUTABLE wrapper in FROM", "SELECT * FROM traps.summarize_quietly()"},
            {"operator calling an IMMUTABLE wrapper", "SELECT 1 OPERATOR(traps.<!>) 2"},
            {"domain CHECK calling a wrapper, :: cast", "SELECT 5::traps.tick"},
            {"domain CHECK calling a wrapper, CAST", "SELECT CAST(5 AS traps.tick)"},
            {"domain CHECK calling a wrapper, typed literal", "SELECT traps.tick '5'"},
            {"view calling an IMMUTABLE wrapper", "SELECT * FROM traps.summary_view"},
            {"SECURITY DEFINER function", "SELECT * FROM traps.reveal('hr')"}}) {
            all.add(attack(UNSEEN, "false volatility: " + sql[0], sql[1]).expectAny().layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"attribute notation on a constant row, folded while planning",
                "SELECT ('(1,x)'::traps.gen_row).summarized_row"},
            {"attribute notation on a table alias", "SELECT g.summarized_row FROM traps.gen_row g"},
            {"attribute notation, parenthesised row", "SELECT (g).summarized_row FROM traps.gen_row AS g"},
            {"attribute notation, quoted name", "SELECT g.\"summarized_row\" FROM traps.gen_row g"},
            {"attribute notation, function of record", "SELECT g.summarized_any FROM traps.gen_row g"},
            {"attribute notation, in WHERE", "SELECT 1 FROM traps.gen_row g WHERE g.summarized_any > 0"}}) {
            all.add(attack(UNSEEN, "attribute notation: " + sql[0], sql[1]).expectAny().layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"from a built-in function of an untyped literal, folded while planning",
                "SELECT abs(macaddr8_set7bit('08:00:2b:01:02:03:04:05'))"},
            {"from a column", "SELECT round(m) FROM traps.macs"},
            {"from a column through a star", "SELECT abs(x.m) FROM (SELECT * FROM traps.macs) x"},
            {"from a typed literal", "SELECT abs(macaddr8 '08:00:2b:01:02:03:04:05')"},
            {"from a cast", "SELECT abs('08:00:2b:01:02:03:04:05'::macaddr8)"},
            {"from a built-in cast function", "SELECT abs(macaddr8('08:00:2b:01:02:03'::macaddr))"}}) {
            all.add(attack(UNSEEN, "implicit user cast macaddr8 -> numeric: " + sql[0], sql[1]).expectAny()
                    .layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"index expression", "SELECT * FROM traps.indexed"},
            {"partial-index predicate", "SELECT count(*) FROM traps.index_predicate"},
            {"extended statistics expression", "SELECT * FROM traps.with_statistics WHERE x = 1"},
            {"CHECK constraint of an inheritance child", "SELECT * FROM traps.inherited WHERE x = 1"},
            {"CHECK constraint of a partition", "SELECT * FROM traps.partitioned WHERE x = 1"},
            {"partition key expression", "SELECT * FROM traps.partition_key"},
            {"index expression under a view", "SELECT * FROM traps.indexed_view"},
            {"index expression, unqualified name in a subquery",
                "SELECT (SELECT count(*) FROM traps.\"indexed\") AS n"}}) {
            all.add(attack(UNSEEN, "folded while planning a read: " + sql[0], sql[1]).expectAny().layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"column definition list of json_to_record",
                "SELECT * FROM json_to_record('{\"c\": 1}') AS r(c traps.tick)"},
            {"column definition list of jsonb_to_recordset",
                "SELECT * FROM jsonb_to_recordset('[{\"c\": 1}]') AS r(c traps.tick)"},
            {"json_populate_record of a composite with a domain field",
                "SELECT * FROM json_populate_record(null::traps.ticks, '{\"t\": 1}')"},
            {"jsonb_populate_record of a nested composite",
                "SELECT * FROM jsonb_populate_record(null::traps.nested_ticks, '{\"inner_ticks\": {\"t\": 1}}')"},
            {"XMLTABLE column",
                "SELECT * FROM XMLTABLE('/a' PASSING CAST('<a><c>1</c></a>' AS xml) COLUMNS c traps.tick)"}}) {
            all.add(attack(UNSEEN, "domain outside a cast: " + sql[0], sql[1]).expectAny().layer(Layer.POLICY));
        }
        // Type positions other than :: and CAST (review R8: a domain's name counts only where a type may stand).
        for (String[] sql : new String[][] {
            {"function-style cast", "SELECT traps.tick(5)"},
            {"column definition list without an alias",
                "SELECT * FROM json_to_record('{\"c\": 1}') AS (c traps.tick)"},
            {"column definition list in ROWS FROM",
                "SELECT * FROM ROWS FROM (json_to_record('{\"c\": 1}') AS (c traps.tick))"},
            {"column definition list after a call, no AS",
                "SELECT * FROM json_to_record('{\"c\": 1}') r(c traps.tick)"},
            {"second XMLTABLE column",
                "SELECT * FROM XMLTABLE('/a' PASSING CAST('<a><c>1</c></a>' AS xml) COLUMNS x int PATH 'c', "
                    + "c traps.tick)"}}) {
            all.add(attack(UNSEEN, "domain in a type position: " + sql[0], sql[1]).expectAny().layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"IN list", "SELECT 'on'::traps.flag IN ('off')"},
            {"NOT IN list", "SELECT 'on'::traps.flag NOT IN ('off')"},
            {"IN subquery", "SELECT 'on'::traps.flag IN (SELECT 'off'::traps.flag)"},
            {"simple CASE", "SELECT CASE 'on'::traps.flag WHEN 'off' THEN 1 END"},
            {"NULLIF", "SELECT NULLIF('on'::traps.flag, 'off')"},
            {"IS DISTINCT FROM", "SELECT 'on'::traps.flag IS DISTINCT FROM 'off'"},
            {"IS NOT DISTINCT FROM", "SELECT 'on'::traps.flag IS NOT DISTINCT FROM 'off'"},
            {"BETWEEN", "SELECT 'on'::traps.flag BETWEEN 'off' AND 'on'"},
            {"BETWEEN SYMMETRIC", "SELECT 'on'::traps.flag BETWEEN SYMMETRIC 'off' AND 'on'"},
            {"NOT BETWEEN", "SELECT 'on'::traps.flag NOT BETWEEN 'off' AND 'on'"},
            {"LIKE", "SELECT 'on'::traps.flag LIKE 'o%'"},
            {"ILIKE", "SELECT 'on'::traps.flag ILIKE 'O%'"},
            {"LIKE ANY", "SELECT 'on'::traps.flag LIKE ANY (ARRAY['o%'])"},
            {"SIMILAR TO", "SELECT 'on'::traps.flag SIMILAR TO 'o%'"},
            {"a column in IN", "SELECT count(*) FROM traps.flags WHERE f IN ('on')"},
            {"JOIN USING", "SELECT count(*) FROM traps.flags a JOIN traps.flags b USING (f)"},
            {"NATURAL JOIN", "SELECT count(*) FROM traps.flags a NATURAL JOIN traps.flags b"}}) {
            all.add(attack(UNSEEN, "user operator implied by syntax: " + sql[0], sql[1]).expectAny()
                    .layer(Layer.POLICY));
        }
        for (String[] sql : new String[][] {
            {"GREATEST of constants, folded while planning", "SELECT GREATEST('on'::traps.flag, 'off')"},
            {"LEAST of a column", "SELECT LEAST(f, 'on') FROM traps.flags"},
            {"array comparison, folded while planning", "SELECT ARRAY['on'::traps.flag] = ARRAY['off'::traps.flag]"},
            {"range constructor, folded while planning", "SELECT traps.flag_range('off', 'on')"},
            {"range literal", "SELECT '[off,on]'::traps.flag_range"},
            {"ORDER BY", "SELECT f FROM traps.flags ORDER BY f"},
            {"GROUP BY", "SELECT f, count(*) FROM traps.flags GROUP BY f"},
            {"DISTINCT", "SELECT DISTINCT f FROM traps.flags"},
            {"UNION", "SELECT f FROM traps.flags UNION SELECT f FROM traps.flags"},
            {"window PARTITION BY", "SELECT row_number() OVER (PARTITION BY f) FROM traps.flags"},
            {"min", "SELECT min(f) FROM traps.flags"},
            {"star in a subquery, sorted outside", "SELECT * FROM (SELECT * FROM traps.flags) s ORDER BY 1"},
            {"non-default operator class of a range type",
                "SELECT traps.text_range('a', 'b')"}}) {
            all.add(attack(UNSEEN, "user operator family called by type: " + sql[0], sql[1]).expectAny()
                    .layer(Layer.POLICY));
        }
        // Qualified operator names are read whole (review R1): quoted, escaped, with comments between the parts,
        // and names PostgreSQL reads as another database's (three parts, the first not the current database) or
        // cannot read at all (four parts). The three-part name with the current database is in ReviewFindingsTest.
        for (String[] sql : new String[][] {
            {"quoted schema, comments between the parts", "SELECT 1 OPERATOR( /* c */ \"traps\" /* c */ . <!>) 2"},
            {"Unicode-escaped schema", "SELECT 1 OPERATOR(U&\"tr\\0061ps\".<!>) 2"},
            {"three parts, another database", "SELECT 1 OPERATOR(elsewhere.traps.<!>) 2"},
            {"four parts", "SELECT 1 OPERATOR(a.b.traps.<!>) 2"},
            {"function, four parts", "SELECT a.b.traps.summarize_quietly()"},
            {"function, schema Unicode-escaped with UESCAPE", "SELECT U&\"tr!0061ps\" UESCAPE '!' . summarize_quietly()"}}) {
            all.add(attack(UNSEEN, "qualified operator name: " + sql[0], sql[1]).expectAny().layer(Layer.POLICY));
        }
        // Calls of names the catalog copy lacks (a function created after start-up) are refused too, and start a
        // catalog refresh in the background, which the state comparison would see as a busy session: they are
        // in functions/UnknownFunctionTest, which waits for the refresh.
    }

    // ------------------------------------------------------------------ 9

    /**
     * Controls, not attacks: plain reads, and injection text bound as a parameter value (binding is
     * the defence; the text never becomes SQL). They must never be refused, in any setup; a value
     * PostgreSQL cannot read as the parameter's type fails with its type error.
     */
    private static void controls(List<AttackCase> all) {
        all.add(attack(CONTROLS, "VALUES (1) runs", "VALUES (1)").control().expect(RAN_WITHOUT_EFFECT).check(rows(1)));
        all.add(attack(CONTROLS, "TABLE public.audit_log runs (a read)", "TABLE public.audit_log").control()
                .expect(RAN_WITHOUT_EFFECT).check(rows(3)));
        all.add(attack(CONTROLS, "recursive CTE runs",
                "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT * FROM r")
                .control().expect(RAN_WITHOUT_EFFECT).check(rows(3)));
        all.add(attack(CONTROLS, "injection text in $1 is only a value", "SELECT $1::text AS v").params(INJECTION)
                .control().expect(RAN_WITHOUT_EFFECT).check(firstValue(INJECTION)));
        all.add(attack(CONTROLS, "injection text in $1 compared in WHERE",
                "SELECT count(*) AS n FROM public.audit_log WHERE msg = $1").params(INJECTION)
                .control().expect(RAN_WITHOUT_EFFECT).check(firstValue("0")));
        all.add(attack(CONTROLS, "injection text in an untyped $1", "SELECT $1").params("1; DELETE FROM public.audit_log")
                .control().expect(RAN_WITHOUT_EFFECT).check(firstValue("1; DELETE FROM public.audit_log")));
        all.add(attack(CONTROLS, "injection text inside a JSON parameter", "SELECT $1::jsonb ->> 'k' AS v")
                .params(Map.of("k", INJECTION)).control().expect(RAN_WITHOUT_EFFECT).check(firstValue(INJECTION)));
        all.add(attack(CONTROLS, "jsonb ? operator next to $1", "SELECT '{\"a\":1}'::jsonb ? $1 AS has")
                .params("a").control().expect(RAN_WITHOUT_EFFECT).check(firstValue("true")));
        all.add(attack(CONTROLS, "column-alias list after a relation is no call",
                "SELECT e.x FROM public.audit_log e(x) ORDER BY 1 LIMIT 1").control().expect(RAN_WITHOUT_EFFECT)
                .check(rows(1)));
        all.add(attack(CONTROLS, "column-alias list after AS is no call",
                "SELECT n.v FROM generate_series(1, 2) AS n(v)").control().expect(RAN_WITHOUT_EFFECT).check(rows(2)));
        all.add(attack(CONTROLS, "column-alias list of a subquery is no call",
                "SELECT s.a FROM (SELECT 1, 2) s(a, b)").control().expect(RAN_WITHOUT_EFFECT).check(rows(1)));
        all.add(attack(CONTROLS, "column list of a WITH query is no call",
                "WITH pair(a, b) AS (SELECT 1, 2), other(c) AS MATERIALIZED (SELECT 3) SELECT a, c FROM pair, other")
                .control().expect(RAN_WITHOUT_EFFECT).check(rows(1)));
        // Review R8: words equal to a domain's, a composite's or a row function's name call nothing as aliases.
        all.add(attack(CONTROLS, "column alias named like a domain is no cast",
                "SELECT name AS tick FROM sales.customers LIMIT 1").control().expect(RAN_WITHOUT_EFFECT).check(rows(1)));
        all.add(attack(CONTROLS, "column alias named like a composite with a domain field is no cast",
                "SELECT 1 AS ticks").control().expect(RAN_WITHOUT_EFFECT).check(rows(1)));
        all.add(attack(CONTROLS, "column alias named like a row function is no attribute call",
                "SELECT 1 AS summarized_row").control().expect(RAN_WITHOUT_EFFECT).check(rows(1)));
    }

    // ------------------------------------------------------------------ 1

    private static void multipleStatements(List<AttackCase> all) {
        all.add(attack(MULTI, "semicolon then DELETE", "SELECT 1; DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "E-string escaped quote hides the end of the string",
                "SELECT E'\\''; DELETE FROM public.audit_log; --'"));
        all.add(attack(MULTI, "E-string ending in an escaped backslash",
                "SELECT E'\\\\'; DELETE FROM public.audit_log; --'"));
        all.add(attack(MULTI, "backslash is no escape with standard_conforming_strings on",
                "SELECT '\\'; DELETE FROM public.audit_log; --'"));
        all.add(attack(MULTI, "doubled quote inside a string", "SELECT 'a''b'; DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "dollar quote holding a single quote",
                "SELECT $$'$$; DELETE FROM public.audit_log; --'"));
        all.add(attack(MULTI, "tagged dollar quote holding $$",
                "SELECT $a$ $$ $a$; DELETE FROM public.audit_log; --$$"));
        all.add(attack(MULTI, "dollar quote with a different tag inside is one string",
                "SELECT $a$;$b$; DELETE FROM public.audit_log; $b$ $a$ AS s")
                .expect(RAN_WITHOUT_EFFECT, REFUSED));
        all.add(attack(MULTI, "nested block comment hides the DELETE (one statement)",
                "SELECT 1 /* /* */ ; DELETE FROM public.audit_log */")
                .expect(RAN_WITHOUT_EFFECT, REFUSED));
        all.add(attack(MULTI, "nested block comment closed, then DELETE",
                "SELECT 1 /* /* */ */ ; DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "semicolon in a quoted identifier, then DELETE",
                "SELECT 1 AS \"x;\"; DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "DELETE inside a quoted identifier (one statement)",
                "SELECT 1 AS \"; DELETE FROM public.audit_log; --\"")
                .expect(RAN_WITHOUT_EFFECT, REFUSED));
        all.add(attack(MULTI, "U& string with \\0027", "SELECT U&'\\0027'; DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "U& string with UESCAPE", "SELECT U&'!0027' UESCAPE '!'; DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "U& identifier with \\0022",
                "SELECT 1 AS U&\"\\0022\"; DELETE FROM public.audit_log; --\""));
        all.add(attack(MULTI, "trailing semicolon, line comment, then a second statement",
                "SELECT 1; -- nothing to see\nDELETE FROM public.audit_log"));
        all.add(attack(MULTI, "semicolon, block comment holding a semicolon, then DELETE",
                "SELECT 1; /* ; */ DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "second statement on a new line", "SELECT 1;\nDELETE FROM public.audit_log"));
        all.add(attack(MULTI, "second statement after CR only", "SELECT 1;\rDELETE FROM public.audit_log"));
        // Without a semicolon PostgreSQL reads DELETE as a column label: one harmless SELECT.
        all.add(attack(MULTI, "second statement on a new line without semicolon",
                "SELECT 1\nDELETE FROM public.audit_log").expectAny());
        all.add(attack(MULTI, "statements separated only by a block comment",
                "SELECT 1/**/DELETE FROM public.audit_log").expectAny());
        all.add(attack(MULTI, "statements separated only by a line comment",
                "SELECT 1 --\nDELETE FROM public.audit_log").expectAny());
        all.add(attack(MULTI, "semicolon squeezed between comments",
                "SELECT 1/*x*/;/*y*/DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "psql-style \\; separator", "SELECT 1 \\; DELETE FROM public.audit_log")
                .expect(REFUSED, FAILED));
        all.add(attack(MULTI, "unterminated string swallowing the rest", "SELECT 'x; DELETE FROM public.audit_log")
                .expect(REFUSED, FAILED));
        all.add(attack(MULTI, "unterminated block comment", "SELECT 1 /* ; DELETE FROM public.audit_log")
                .expect(REFUSED, FAILED));
        all.add(attack(MULTI, "empty statements around a DELETE", ";;DELETE FROM public.audit_log;;"));
        all.add(attack(MULTI, "four statements", "SELECT 1;SELECT 2;SELECT 3;DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "no-break space before the second statement",
                "SELECT 1;\u00a0DELETE FROM public.audit_log"));
        all.add(attack(MULTI, "jsonb ?| operator, then DELETE",
                "SELECT '{\"a\":1}'::jsonb ?| array['a']; DELETE FROM public.audit_log"));
    }

    // ------------------------------------------------------------------ 2

    private static void transactionEscapes(List<AttackCase> all) {
        all.add(attack(TRANSACTION, "COMMIT", "COMMIT"));
        all.add(attack(TRANSACTION, "ROLLBACK", "ROLLBACK"));
        all.add(attack(TRANSACTION, "END", "END"));
        all.add(attack(TRANSACTION, "ABORT", "ABORT"));
        all.add(attack(TRANSACTION, "BEGIN", "BEGIN"));
        all.add(attack(TRANSACTION, "START TRANSACTION READ WRITE", "START TRANSACTION READ WRITE"));
        all.add(attack(TRANSACTION, "SELECT; COMMIT; DELETE", "SELECT 1; COMMIT; DELETE FROM public.audit_log"));
        all.add(attack(TRANSACTION, "lower-case commit, then DELETE", "select 1;commit;delete from public.audit_log"));
        all.add(attack(TRANSACTION, "BEGIN READ WRITE; DELETE; COMMIT",
                "BEGIN READ WRITE; DELETE FROM public.audit_log; COMMIT"));
        all.add(attack(TRANSACTION, "SAVEPOINT", "SAVEPOINT x"));
        all.add(attack(TRANSACTION, "RELEASE", "RELEASE x"));
        all.add(attack(TRANSACTION, "ROLLBACK TO SAVEPOINT", "ROLLBACK TO SAVEPOINT x"));
        all.add(attack(TRANSACTION, "PREPARE TRANSACTION", "PREPARE TRANSACTION 'pgmcp_attack'"));
        all.add(attack(TRANSACTION, "COMMIT PREPARED", "COMMIT PREPARED 'pgmcp_attack'"));
    }

    // ------------------------------------------------------------------ 3

    private static void readOnlyBypasses(List<AttackCase> all) {
        all.add(attack(READ_ONLY, "SET TRANSACTION READ WRITE", "SET TRANSACTION READ WRITE"));
        all.add(attack(READ_ONLY, "SET SESSION CHARACTERISTICS READ WRITE",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"));
        all.add(attack(READ_ONLY, "RESET ALL", "RESET ALL"));
        all.add(attack(READ_ONLY, "SET default_transaction_read_only", "SET default_transaction_read_only = off"));
        all.add(attack(READ_ONLY, "SET LOCAL transaction_read_only", "SET LOCAL transaction_read_only = off"));
        all.add(attack(READ_ONLY, "SET ROLE", "SET ROLE postgres"));
        all.add(attack(READ_ONLY, "SET SESSION AUTHORIZATION", "SET SESSION AUTHORIZATION postgres"));
        // set_config is transactional: what it sets at session level is undone by the rollback.
        all.add(attack(READ_ONLY, "set_config default_transaction_read_only off (session)",
                "SELECT set_config('default_transaction_read_only', 'off', false)").expectAny());
        all.add(attack(READ_ONLY, "set_config transaction_read_only off (local)",
                "SELECT set_config('transaction_read_only', 'off', true)")
                .expect(REFUSED, FAILED).sqlStates("25001"));
        all.add(attack(READ_ONLY, "set_config transaction_read_only off (session)",
                "SELECT set_config('transaction_read_only', 'off', false)")
                .expect(REFUSED, FAILED).sqlStates("25001"));
        all.add(attack(READ_ONLY, "set_config read-write default, then nextval in the same statement",
                "SELECT set_config('default_transaction_read_only', 'off', false), nextval('public.counter_seq')")
                .expect(REFUSED, FAILED).sqlStates("25006").sqlStatesFor(Target.READER, "25006", "42501"));
        all.add(attack(READ_ONLY, "set_config statement_timeout 0 (next call keeps the configured timeout)",
                "SELECT set_config('statement_timeout', '0', false)").expectAny());
        all.add(attack(READ_ONLY, "set_config lock_timeout and idle_in_transaction_session_timeout 0",
                "SELECT set_config('lock_timeout', '0', false), "
                        + "set_config('idle_in_transaction_session_timeout', '0', false)").expectAny());
        all.add(attack(READ_ONLY, "set_config role postgres",
                "SELECT set_config('role', 'postgres', false)").expectAny());
        all.add(attack(READ_ONLY, "set_config session_authorization",
                "SELECT set_config('session_authorization', 'pgmcp_reader', false)").expectAny());
        all.add(attack(READ_ONLY, "set_config search_path with pg_temp first",
                "SELECT set_config('search_path', 'pg_temp, public', false)").expectAny());
        all.add(attack(READ_ONLY, "set_config standard_conforming_strings off",
                "SELECT set_config('standard_conforming_strings', 'off', false)").expectAny());
        // pgjdbc insists on UTF8; the connection must be cleaned up or discarded, never reused broken.
        all.add(attack(READ_ONLY, "set_config client_encoding SJIS",
                "SELECT set_config('client_encoding', 'SJIS', false)").expectAny());
    }

    // ------------------------------------------------------------------ 4

    private static void writesInDisguise(List<AttackCase> all) {
        all.add(attack(WRITES, "writable CTE DELETE",
                "WITH d AS (DELETE FROM public.audit_log RETURNING *) SELECT * FROM d"));
        all.add(attack(WRITES, "writable CTE INSERT",
                "WITH i AS (INSERT INTO public.audit_log (msg) VALUES ('x') RETURNING *) SELECT * FROM i"));
        all.add(attack(WRITES, "writable CTE UPDATE",
                "WITH u AS (UPDATE public.audit_log SET msg = 'x' RETURNING *) SELECT * FROM u"));
        all.add(attack(WRITES, "writable CTE AS MATERIALIZED (DELETE)",
                "WITH d AS MATERIALIZED (DELETE FROM public.audit_log RETURNING *) SELECT 1"));
        all.add(attack(WRITES, "writable CTE AS NOT MATERIALIZED (UPDATE)",
                "WITH u AS NOT MATERIALIZED (UPDATE public.audit_log SET msg = 'x' RETURNING 1) SELECT 1"));
        all.add(attack(WRITES, "writable CTE with a column list, never referenced",
                "WITH d(id) AS (DELETE FROM public.audit_log RETURNING id) SELECT 1"));
        all.add(attack(WRITES, "writable CTE in lower case after a comment",
                "/* report */ with d as (delete from public.audit_log returning *) select count(*) from d"));
        all.add(attack(WRITES, "writable CTE nested in a sub-WITH",
                "WITH a AS (WITH d AS (DELETE FROM public.audit_log RETURNING *) SELECT * FROM d) SELECT * FROM a")
                .expect(REFUSED, FAILED));
        all.add(attack(WRITES, "writable CTE inside a subquery",
                "SELECT * FROM public.audit_log WHERE id IN "
                        + "(WITH d AS (DELETE FROM public.audit_log RETURNING id) SELECT id FROM d)")
                .expect(REFUSED, FAILED));
        all.add(attack(WRITES, "writable CTE after a read-only CTE",
                "WITH r AS (SELECT 1), d AS (DELETE FROM public.audit_log RETURNING *) SELECT * FROM r"));
        all.add(attack(WRITES, "SELECT INTO a new table", "SELECT * INTO pgmcp_attack_t FROM sales.orders"));
        all.add(attack(WRITES, "SELECT INTO TEMP", "SELECT 1 AS a INTO TEMP pgmcp_attack_t"));
        // The INTO sits inside parentheses, out of the lexical check's sight; the plan of the
        // SELECT INTO shows no ModifyTable either; the read-only transaction refuses to run it.
        all.add(attack(WRITES, "parenthesised SELECT INTO",
                "(SELECT * INTO pgmcp_attack_t FROM sales.orders)").expect(REFUSED, FAILED).sqlStates("25006").sqlStatesFor(Target.READER, "25006", "42501"));
        all.add(attack(WRITES, "CREATE TABLE AS", "CREATE TABLE pgmcp_attack_t AS SELECT * FROM sales.orders"));
        all.add(attack(WRITES, "WITH ... INSERT",
                "WITH x AS (SELECT 1) INSERT INTO public.audit_log (msg) SELECT 'x' FROM x"));
        all.add(attack(WRITES, "WITH ... DELETE", "WITH x AS (SELECT 1) DELETE FROM public.audit_log"));
        all.add(attack(WRITES, "INSERT ... SELECT", "INSERT INTO public.audit_log (msg) SELECT msg FROM public.audit_log"));
        all.add(attack(WRITES, "INSERT ... ON CONFLICT DO UPDATE",
                "INSERT INTO public.audit_log (id, msg) VALUES (1, 'x') ON CONFLICT (id) DO UPDATE SET msg = 'y'"));
        all.add(attack(WRITES, "UPDATE", "UPDATE public.audit_log SET msg = 'tampered'"));
        all.add(attack(WRITES, "DELETE", "DELETE FROM public.audit_log"));
        all.add(attack(WRITES, "parenthesised DELETE", "(DELETE FROM public.audit_log RETURNING *)")
                .expect(REFUSED, FAILED));
        all.add(attack(WRITES, "DELETE in FROM", "SELECT * FROM (DELETE FROM public.audit_log RETURNING *) d")
                .expect(REFUSED, FAILED));
        all.add(attack(WRITES, "MERGE",
                "MERGE INTO public.audit_log a USING (SELECT 1 AS id) s ON a.id = s.id WHEN MATCHED THEN DELETE"));
        all.add(attack(WRITES, "TRUNCATE", "TRUNCATE public.audit_log"));
        all.add(attack(WRITES, "VALUES with nextval", "VALUES (nextval('public.counter_seq'))")
                .expect(REFUSED, FAILED).sqlStates("25006").sqlStatesFor(Target.READER, "25006", "42501"));
    }

    // ------------------------------------------------------------------ 5

    private static void rowLocks(List<AttackCase> all) {
        all.add(attack(LOCKS, "FOR UPDATE", "SELECT * FROM sales.orders FOR UPDATE"));
        all.add(attack(LOCKS, "FOR SHARE", "SELECT * FROM sales.orders FOR SHARE"));
        all.add(attack(LOCKS, "FOR NO KEY UPDATE", "SELECT * FROM sales.orders FOR NO KEY UPDATE"));
        all.add(attack(LOCKS, "FOR KEY SHARE", "SELECT * FROM sales.orders FOR KEY SHARE"));
        all.add(attack(LOCKS, "FOR UPDATE in a subquery", "SELECT * FROM (SELECT * FROM sales.orders FOR UPDATE) s"));
        all.add(attack(LOCKS, "FOR UPDATE in a CTE",
                "WITH c AS (SELECT * FROM sales.orders FOR UPDATE) SELECT count(*) FROM c"));
        all.add(attack(LOCKS, "FOR UPDATE in an unreferenced CTE",
                "WITH c AS (SELECT * FROM sales.orders FOR UPDATE) SELECT 1"));
        all.add(attack(LOCKS, "FOR UPDATE in an IN subquery",
                "SELECT 1 WHERE 1 IN (SELECT id FROM sales.orders FOR UPDATE)"));
        all.add(attack(LOCKS, "FOR UPDATE OF ... NOWAIT", "SELECT * FROM sales.orders o FOR UPDATE OF o NOWAIT"));
        all.add(attack(LOCKS, "FOR UPDATE SKIP LOCKED", "SELECT * FROM sales.orders FOR UPDATE SKIP LOCKED"));
        all.add(attack(LOCKS, "FOR/**/UPDATE with a comment between", "SELECT * FROM sales.orders FOR/**/UPDATE"));
        all.add(attack(LOCKS, "lower-case for share over lines", "select *\nfrom sales.orders\nfor\nshare"));
    }

    // ------------------------------------------------------------------ 6

    private static void ddlAndUtility(List<AttackCase> all) {
        Path copyTo = attackFile();
        Path program = attackFile();
        all.add(attack(UTILITY, "CREATE TABLE", "CREATE TABLE pgmcp_attack_t (a int)"));
        all.add(attack(UTILITY, "CREATE TEMP TABLE", "CREATE TEMP TABLE pgmcp_attack_t (a int)"));
        all.add(attack(UTILITY, "DROP TABLE", "DROP TABLE public.audit_log"));
        all.add(attack(UTILITY, "ALTER TABLE", "ALTER TABLE public.audit_log ADD COLUMN x int"));
        all.add(attack(UTILITY, "CREATE FUNCTION",
                "CREATE FUNCTION public.pgmcp_attack() RETURNS int LANGUAGE sql AS 'SELECT 1'"));
        all.add(attack(UTILITY, "CREATE EXTENSION dblink", "CREATE EXTENSION dblink"));
        all.add(attack(UTILITY, "DROP SCHEMA", "DROP SCHEMA sales CASCADE"));
        all.add(attack(UTILITY, "GRANT", "GRANT ALL ON public.audit_log TO PUBLIC"));
        all.add(attack(UTILITY, "REVOKE", "REVOKE SELECT ON public.audit_log FROM pgmcp_reader"));
        all.add(attack(UTILITY, "ALTER ROLE", "ALTER ROLE pgmcp_reader SUPERUSER"));
        all.add(attack(UTILITY, "CREATE ROLE", "CREATE ROLE pgmcp_attack_role SUPERUSER LOGIN"));
        all.add(attack(UTILITY, "ALTER SYSTEM", "ALTER SYSTEM SET default_transaction_read_only = off"));
        all.add(attack(UTILITY, "COMMENT ON", "COMMENT ON TABLE public.audit_log IS 'tampered'"));
        all.add(attack(UTILITY, "VACUUM", "VACUUM public.audit_log"));
        all.add(attack(UTILITY, "ANALYZE", "ANALYZE public.audit_log"));
        all.add(attack(UTILITY, "CLUSTER", "CLUSTER public.audit_log USING audit_log_pkey"));
        all.add(attack(UTILITY, "REINDEX", "REINDEX TABLE public.audit_log"));
        all.add(attack(UTILITY, "LOCK TABLE", "LOCK TABLE public.audit_log IN ACCESS EXCLUSIVE MODE"));
        all.add(attack(UTILITY, "NOTIFY", "NOTIFY c, 'x'").check(noNotification()));
        all.add(attack(UTILITY, "LISTEN", "LISTEN pgmcp_attack"));
        all.add(attack(UTILITY, "DISCARD ALL", "DISCARD ALL"));
        all.add(attack(UTILITY, "CHECKPOINT", "CHECKPOINT"));
        all.add(attack(UTILITY, "LOAD", "LOAD 'auto_explain'"));
        all.add(attack(UTILITY, "REFRESH MATERIALIZED VIEW", "REFRESH MATERIALIZED VIEW sales.monthly_revenue"));
        all.add(attack(UTILITY, "COPY table TO file", "COPY sales.orders TO '" + copyTo + "'").file(copyTo));
        all.add(attack(UTILITY, "COPY (SELECT) TO PROGRAM",
                "COPY (SELECT 1) TO PROGRAM 'touch " + program + "'").file(program));
        all.add(attack(UTILITY, "COPY FROM file", "COPY public.audit_log (msg) FROM '/etc/hostname'"));
        all.add(attack(UTILITY, "COPY FROM STDIN", "COPY public.audit_log FROM STDIN"));
        all.add(attack(UTILITY, "DO block", "DO $$ BEGIN DELETE FROM public.audit_log; END $$"));
        all.add(attack(UTILITY, "CALL", "CALL some_proc()"));
        all.add(attack(UTILITY, "PREPARE a DELETE", "PREPARE p AS DELETE FROM public.audit_log"));
        all.add(attack(UTILITY, "EXECUTE", "EXECUTE p"));
        all.add(attack(UTILITY, "DEALLOCATE", "DEALLOCATE ALL"));
        all.add(attack(UTILITY, "DECLARE CURSOR", "DECLARE c CURSOR WITH HOLD FOR SELECT 1"));
        all.add(attack(UTILITY, "FETCH", "FETCH ALL FROM c"));
        all.add(attack(UTILITY, "EXPLAIN ANALYZE DELETE", "EXPLAIN ANALYZE DELETE FROM public.audit_log"));
        all.add(attack(UTILITY, "EXPLAIN of a SELECT", "EXPLAIN SELECT 1"));
        all.add(attack(UTILITY, "SHOW ALL", "SHOW ALL"));
        all.add(attack(UTILITY, "JDBC escape {call}", "{call pg_sleep(1)}").expect(REFUSED, FAILED));
        all.add(attack(UTILITY, "JDBC escape {fn}", "SELECT {fn now()}").expect(REFUSED, FAILED));
        all.add(attack(UTILITY, "JDBC escape {d}", "SELECT {d '2024-01-01'}").expect(REFUSED, FAILED));
    }

    // ------------------------------------------------------------------ 7

    private static void sideEffectFunctions(List<AttackCase> all) {
        Path export = attackFile();
        // Sequences: pgmcp_reader has no USAGE on them, so PostgreSQL's privilege check (42501)
        // comes before the read-only check (25006); the superuser shows the read-only transaction.
        all.add(attack(SIDE_EFFECTS, "nextval", "SELECT nextval('public.counter_seq')")
                .expect(REFUSED, FAILED).sqlStates("25006").sqlStatesFor(Target.READER, "25006", "42501"));
        all.add(attack(SIDE_EFFECTS, "setval", "SELECT setval('public.counter_seq', 999)")
                .expect(REFUSED, FAILED).sqlStates("25006").sqlStatesFor(Target.READER, "25006", "42501"));
        all.add(attack(SIDE_EFFECTS, "nextval in a CTE", "WITH n AS (SELECT nextval('public.counter_seq') AS v) "
                + "SELECT v FROM n").expect(REFUSED, FAILED).sqlStates("25006").sqlStatesFor(Target.READER, "25006", "42501"));
        all.add(attack(SIDE_EFFECTS, "nextval on a serial column's sequence",
                "SELECT nextval(pg_get_serial_sequence('public.audit_log', 'id'))")
                .expect(REFUSED, FAILED).sqlStates("25006").sqlStatesFor(Target.READER, "25006", "42501"));
        // Session-level advisory locks survive a rollback; pgmcp releases them after every call.
        all.add(attack(SIDE_EFFECTS, "pg_advisory_lock", "SELECT pg_advisory_lock(42)").expectAny());
        all.add(attack(SIDE_EFFECTS, "pg_advisory_lock_shared", "SELECT pg_advisory_lock_shared(43)").expectAny());
        all.add(attack(SIDE_EFFECTS, "pg_try_advisory_lock then 1/0", "SELECT pg_try_advisory_lock(1), 1/0")
                .expect(REFUSED, FAILED).sqlStates("22012"));
        all.add(attack(SIDE_EFFECTS, "pg_try_advisory_lock then a run-time error",
                "SELECT pg_try_advisory_lock(2), 1 / (g - 1) FROM generate_series(1, 2) AS g")
                .expect(REFUSED, FAILED).sqlStates("22012"));
        all.add(attack(SIDE_EFFECTS, "many advisory locks", "SELECT count(pg_advisory_lock(g)) FROM "
                + "generate_series(1000, 1100) AS g").expectAny());
        all.add(attack(SIDE_EFFECTS, "pg_advisory_xact_lock", "SELECT pg_advisory_xact_lock(7)").expectAny());
        // setseed outlives the rollback and DISCARD ALL; pgmcp reseeds each session after every call.
        all.add(attack(SIDE_EFFECTS, "setseed fixes the next caller's random()", "SELECT setseed(0.42)")
                .expectAny().check(randomNotPredictable(0.42)));
        all.add(attack(SIDE_EFFECTS, "setseed then random() in one call", "SELECT setseed(-0.5), random()")
                .expectAny().check(randomNotPredictable(-0.5)));
        all.add(attack(SIDE_EFFECTS, "lo_create", "SELECT lo_create(0)").expectAny());
        all.add(attack(SIDE_EFFECTS, "lo_from_bytea", "SELECT lo_from_bytea(0, 'x')").expectAny());
        all.add(attack(SIDE_EFFECTS, "lo_import", "SELECT lo_import('/etc/passwd')").expectAny());
        all.add(attack(SIDE_EFFECTS, "lo_export of a new large object",
                "SELECT lo_export(lo_from_bytea(0, 'x'), '" + export + "')").expectAny().file(export));
        all.add(attack(SIDE_EFFECTS, "pg_notify", "SELECT pg_notify('c', 'x')").expectAny().check(noNotification()));
        all.add(attack(SIDE_EFFECTS, "txid_current", "SELECT txid_current()").expectAny());
        all.add(attack(SIDE_EFFECTS, "pg_current_xact_id", "SELECT pg_current_xact_id()").expectAny());
        all.add(attack(SIDE_EFFECTS, "query_to_xml running a DELETE",
                "SELECT query_to_xml('DELETE FROM public.audit_log RETURNING *', true, false, '')")
                .expect(REFUSED, FAILED));
        all.add(attack(SIDE_EFFECTS, "query_to_xml running CREATE TABLE",
                "SELECT query_to_xml('CREATE TABLE pgmcp_attack_t AS SELECT 1', true, false, '')")
                .expect(REFUSED, FAILED));
        all.add(attack(SIDE_EFFECTS, "ts_stat running a DELETE",
                "SELECT * FROM ts_stat('DELETE FROM public.audit_log RETURNING to_tsvector(msg)')")
                .expect(REFUSED, FAILED));
        all.add(attack(SIDE_EFFECTS, "pg_sleep(0.1) runs", "SELECT pg_sleep(0.1)").expect(RAN_WITHOUT_EFFECT));
        all.add(attack(SIDE_EFFECTS, "pg_sleep(60) hits the 1 s statement timeout", "SELECT pg_sleep(60)")
                .shortTimeout().expect(FAILED).sqlStates("57014"));
        // Superuser only, closed by the default policy (denied-function): a replication slot is created outside the transaction: the rollback
        // does not remove it, and the slot then retains WAL indefinitely. pgmcp_reader gets 42501.
        all.add(attack(SIDE_EFFECTS, "pg_create_physical_replication_slot",
                "SELECT pg_create_physical_replication_slot('" + SLOT_PREFIX + "slot')")
                .expect(REFUSED, FAILED));
        // Superuser only, closed by the default policy (denied-function): pg_stat_reset() resets the database's statistics; not undone by the rollback.
        all.add(attack(SIDE_EFFECTS, "pg_stat_reset", "SELECT pg_stat_reset()").expect(REFUSED, FAILED));
        // Superuser only, closed by the default policy (denied-function): pg_backup_start() leaves a backup in progress in the pooled session:
        // state that survives the rollback and reaches the next call.
        all.add(attack(SIDE_EFFECTS, "pg_backup_start leaves no backup running in the session",
                "SELECT pg_backup_start('pgmcp-attack', true)").expect(REFUSED, FAILED)
                .check(noBackupInProgress()));
        // NOTE: the following have effects outside the transaction that the snapshot cannot see
        // (a non-transactional WAL message for logical decoding consumers, a WAL segment switch,
        // a configuration reload). They are here so that the outcome stays visible; see the report.
        all.add(attack(SIDE_EFFECTS, "pg_logical_emit_message non-transactional",
                "SELECT pg_logical_emit_message(false, 'pgmcp-attack', 'x')").expectAny());
        all.add(attack(SIDE_EFFECTS, "pg_switch_wal", "SELECT pg_switch_wal()").expectAny());
        all.add(attack(SIDE_EFFECTS, "pg_reload_conf", "SELECT pg_reload_conf()").expectAny());
        all.add(attack(SIDE_EFFECTS, "pg_terminate_backend of every other session",
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()")
                .expectAny().check(observerAlive())
                // As a superuser this WOULD terminate every other session (the observer included).
                // The start-up audit refuses superusers in production, and the function denylist
                // comes with the policy layer; until then this one case is not run as superuser.
                .skipFor(Target.SUPERUSER, "would terminate other sessions as superuser; the audit refuses "
                        + "superusers in production and the function denylist comes with the policy layer"));
    }

    // ------------------------------------------------------------------ 8

    private static void parametersAndEncoding(List<AttackCase> all) {
        all.add(attack(INPUT, "injection text in an integer $1", "SELECT * FROM public.audit_log WHERE id = $1")
                .params("1 OR 1=1; DELETE FROM public.audit_log").layer(Layer.INPUT));
        all.add(attack(INPUT, "NUL byte in SQL", "SELECT 1\u0000; DELETE FROM public.audit_log").layer(Layer.INPUT));
        all.add(attack(INPUT, "NUL byte in a parameter", "SELECT $1::text").params("a\u0000b").layer(Layer.INPUT));
        all.add(attack(INPUT, "lone high surrogate in SQL", "SELECT '\uD800'").layer(Layer.INPUT));
        all.add(attack(INPUT, "lone low surrogate in SQL", "SELECT 1 AS \"\uDC00\"").layer(Layer.INPUT));
        all.add(attack(INPUT, "lone surrogate in a parameter", "SELECT $1::text").params("\uD800").layer(Layer.INPUT));
        all.add(attack(INPUT, "SQL over maxSqlLength", "SELECT 1 /*" + "x".repeat(
                ExecutionLimits.DEFAULTS.maxSqlLength()) + "*/").layer(Layer.INPUT));
        all.add(attack(INPUT, "parameter over maxParameterBytes", "SELECT length($1::text)")
                .params("x".repeat(ExecutionLimits.DEFAULTS.maxParameterBytes() + 1)).layer(Layer.INPUT));
        all.add(attack(INPUT, "$1 without params", "SELECT $1::text").layer(Layer.INPUT));
        all.add(attack(INPUT, "$2 with one param", "SELECT $2::text").params("x").layer(Layer.INPUT));
        all.add(attack(INPUT, "params without $1", "SELECT 1").params(INJECTION).layer(Layer.INPUT));
        all.add(attack(INPUT, "$1 only inside a string literal", "SELECT '$1'").params(INJECTION).layer(Layer.INPUT));
        all.add(attack(INPUT, "$1 only inside a comment", "SELECT 1 -- $1").params(INJECTION).layer(Layer.INPUT));
        all.add(attack(INPUT, "$0", "SELECT $0").expect(REFUSED, FAILED));
        all.add(attack(INPUT, "huge parameter number", "SELECT $99999999999").expect(REFUSED, FAILED));
        all.add(attack(INPUT, "unsupported parameter type", "SELECT $1::text").params(new Object()).layer(Layer.INPUT));
        all.add(attack(INPUT, "max_rows 0", "SELECT 1").maxRows(0).layer(Layer.INPUT));
        all.add(attack(INPUT, "max_rows over the ceiling", "SELECT 1")
                .maxRows(ExecutionLimits.DEFAULTS.maxRowsCeiling() + 1).layer(Layer.INPUT));
        all.add(attack(INPUT, "blank SQL", " \n\t ").layer(Layer.INPUT));
        all.add(attack(INPUT, "only comments and semicolons", "/* x */ ; -- y\n ;"));
    }

    // ------------------------------------------------------------------ checks

    private static Path attackFile() {
        return Path.of("/tmp/pgmcp-attack-" + UUID.randomUUID());
    }

    /** When the call ran, it returned this many rows. */
    private static Check rows(int expected) {
        return context -> {
            if (context.run().outcome() == Outcome.RAN_WITHOUT_EFFECT) {
                assertThat(context.run().result().rowCount()).as(context.description() + ": rows").isEqualTo(expected);
            }
        };
    }

    /** When the call ran, the first value of the first row reads {@code expected}. */
    private static Check firstValue(String expected) {
        return context -> {
            if (context.run().outcome() == Outcome.RAN_WITHOUT_EFFECT) {
                assertThat(context.run().result().rows()).as(context.description() + ": rows").hasSize(1);
                assertThat(String.valueOf(context.run().result().rows().get(0).get(0)))
                        .as(context.description() + ": value").isEqualTo(expected);
            }
        };
    }

    /**
     * The next call's random() is none of the first values that follow setseed(seed): a seed set by
     * one caller must not predict what a later caller on the same pooled session draws.
     */
    private static Check randomNotPredictable(double seed) {
        return context -> {
            List<Double> predicted = new ArrayList<>();
            try (var statement = context.observer().createStatement()) {
                statement.execute("SELECT setseed(" + seed + ")");
                for (int i = 0; i < 4; i++) {
                    try (var rs = statement.executeQuery("SELECT random()")) {
                        rs.next();
                        predicted.add(rs.getDouble(1));
                    }
                }
            }
            AttackCase.AttackRun next = context.caller().call(QueryRequest.of("SELECT random()"));
            assertThat(next.outcome()).as(context.description() + ": the next random() (" + next.describe() + ")")
                    .isEqualTo(Outcome.RAN_WITHOUT_EFFECT);
            assertThat(Double.parseDouble(String.valueOf(next.result().rows().get(0).get(0))))
                    .as(context.description() + ": the next caller's random() follows the attacker's seed")
                    .isNotIn(predicted);
        };
    }

    /** The observer LISTENs on channel c: a rolled-back NOTIFY must never arrive. */
    private static Check noNotification() {
        return context -> {
            PGNotification[] received = context.observer().unwrap(PGConnection.class).getNotifications(300);
            assertThat(received == null ? List.of() : List.of(received))
                    .as(context.description() + ": notifications delivered to a listener").isEmpty();
        };
    }

    /** The observer (a superuser session) was not terminated and still answers. */
    private static Check observerAlive() {
        return context -> {
            assertThat(context.observer().isValid(5)).as(context.description() + ": observer session alive").isTrue();
            try (var statement = context.observer().createStatement();
                 var rs = statement.executeQuery("SELECT 1")) {
                assertThat(rs.next()).as(context.description() + ": observer answers").isTrue();
            }
        };
    }

    /**
     * A backup started by the attack must not still be in progress in the session that the next
     * call uses: pg_backup_stop must not succeed there. (If it does, it also ends the backup.)
     */
    private static Check noBackupInProgress() {
        return context -> {
            AttackCase.AttackRun stop = context.caller().call(QueryRequest.of("SELECT lsn FROM pg_backup_stop(false)"));
            assertThat(stop.outcome()).as(context.description() + ": pg_backup_stop in the next call found a backup "
                    + "in progress, i.e. session state leaked across calls (" + stop.describe() + ")")
                    .isNotEqualTo(Outcome.RAN_WITHOUT_EFFECT);
        };
    }
}
