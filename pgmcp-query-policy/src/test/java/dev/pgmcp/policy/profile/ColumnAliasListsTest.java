package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.sql.StatementText;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnAliasListsTest {

    private static List<ColumnAliasLists.RelationName> found(String sql) throws Exception {
        return ColumnAliasLists.in(StatementText.of(sql, true).tokens());
    }

    @Test
    void findsTheRelationUnderEachForm() throws Exception {
        ColumnAliasLists.RelationName employees = new ColumnAliasLists.RelationName("hr", "employees");
        assertThat(found("SELECT e.x FROM hr.employees AS e(id, x)")).containsExactly(employees);
        assertThat(found("SELECT e.x FROM hr.employees e(id, x)")).containsExactly(employees);
        assertThat(found("SELECT e.x FROM \"hr\".\"employees\" \"e\"(id, x)")).containsExactly(employees);
        assertThat(found("SELECT e.x FROM mydb.hr.employees e(id, x)")).containsExactly(employees);
        assertThat(found("SELECT e.x FROM hr.employees * e(id, x)")).containsExactly(employees);
        assertThat(found("SELECT e.x FROM ONLY (hr.employees) AS e(id, x)")).containsExactly(employees);
        assertThat(found("SELECT e.x FROM ONLY (employees) e(id, x)"))
                .containsExactly(new ColumnAliasLists.RelationName(null, "employees"));
        assertThat(found("SELECT 1 FROM a, b AS c(x) JOIN d e(y) ON true")).containsExactly(
                new ColumnAliasLists.RelationName(null, "b"), new ColumnAliasLists.RelationName(null, "d"));
        assertThat(found("SELECT 1 FROM hr.table AS t(x)")).containsExactly(new ColumnAliasLists.RelationName("hr", "table"));
        assertThat(found("SELECT (SELECT 1 FROM (a JOIN hr.t AS numeric(x) ON true)), CAST(1 AS numeric(3))"))
                .containsExactly(new ColumnAliasLists.RelationName("hr", "t"));
        assertThat(found("SELECT CAST((SELECT max(z) FROM t AS u(z)) AS numeric(10, 2))"))
                .containsExactly(new ColumnAliasLists.RelationName(null, "t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT g.n FROM generate_series(1, 3) AS g(n)",
        "SELECT * FROM (VALUES (1)) v(a)",
        "SELECT * FROM (SELECT 1) AS s(a)",
        "WITH c(a, b) AS (SELECT 1, 2) SELECT * FROM c",
        "WITH RECURSIVE c(a) AS (SELECT 1) SELECT * FROM c",
        "SELECT CAST(x AS numeric(10, 2)), CAST(t.x AS character varying(3)) FROM t",
        "SELECT x::numeric(10, 2), x::character varying(3), x::bit varying(2) FROM t",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM t",
        "SELECT count(*) FILTER (WHERE x > 1) OVER (PARTITION BY y) FROM t WINDOW w AS (ORDER BY x)",
        "SELECT * FROM t WHERE x IN (1) AND y NOT IN (2) AND EXISTS (SELECT 1) AND z = ANY (ARRAY[1])",
        "SELECT * FROM t JOIN u USING (id) JOIN v ON (v.id = t.id)",
        "SELECT * FROM t TABLESAMPLE bernoulli (10) REPEATABLE (1)",
        "SELECT ts AT TIME ZONE (SELECT 'UTC') FROM t",
        "SELECT DISTINCT ON (x) x FROM t GROUP BY ROLLUP (x)",
        "SELECT * FROM ROWS FROM (generate_series(1, 2)) AS r(n)",
        "SELECT * FROM (t JOIN u ON true) AS j(a, b)",
    })
    void ignoresFormsThatCannotRenameATablesColumns(String sql) throws Exception {
        assertThat(found(sql)).as(sql).isEmpty();
    }
}
