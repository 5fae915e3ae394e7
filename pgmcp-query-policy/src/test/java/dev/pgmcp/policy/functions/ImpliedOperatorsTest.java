package dev.pgmcp.policy.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.sql.StatementText;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator names PostgreSQL's grammar calls for syntax that writes none (gram.y, parse_expr.c). */
class ImpliedOperatorsTest {

    private static List<String> implied(String sql) throws Exception {
        return ImpliedOperators.find(StatementText.of(sql, true).tokens()).stream()
                .map(ImpliedOperators.Implied::name).toList();
    }

    @Test
    void membershipAndEqualityForms() throws Exception {
        assertThat(implied("SELECT a IN (1, 2)")).containsExactly("=");
        assertThat(implied("SELECT a NOT IN (SELECT b FROM t)")).containsExactly("<>");
        assertThat(implied("SELECT CASE a WHEN 1 THEN 2 END")).containsExactly("=");
        assertThat(implied("SELECT NULLIF(a, 1)")).containsExactly("=");
        assertThat(implied("SELECT a IS DISTINCT FROM b")).containsExactly("=");
        assertThat(implied("SELECT a IS NOT DISTINCT FROM b")).containsExactly("=");
    }

    @Test
    void rangeAndPatternForms() throws Exception {
        assertThat(implied("SELECT a BETWEEN 1 AND 2")).containsExactly(">=", "<=");
        assertThat(implied("SELECT a BETWEEN SYMMETRIC 2 AND 1")).containsExactly(">=", "<=");
        assertThat(implied("SELECT a NOT BETWEEN 1 AND 2")).containsExactly("<", ">");
        assertThat(implied("SELECT a LIKE 'x%'")).containsExactly("~~");
        assertThat(implied("SELECT a NOT LIKE 'x%'")).containsExactly("!~~");
        assertThat(implied("SELECT a ILIKE 'x%'")).containsExactly("~~*");
        assertThat(implied("SELECT a NOT ILIKE 'x%'")).containsExactly("!~~*");
        assertThat(implied("SELECT a SIMILAR TO 'x%'")).containsExactly("~");
        assertThat(implied("SELECT a NOT SIMILAR TO 'x%'")).containsExactly("!~");
    }

    @Test
    void joinsOnSameNamedColumns() throws Exception {
        assertThat(implied("SELECT * FROM a JOIN b USING (k)")).containsExactly("=");
        assertThat(implied("SELECT * FROM a NATURAL JOIN b")).containsExactly("=");
    }

    @Test
    void formsThatCallNoOperatorByName() throws Exception {
        assertThat(implied("SELECT CASE WHEN a THEN 1 END, a IS TRUE, a IS NOT NULL, DISTINCT_x, "
                + "\"in\", 'in', (a, b) OVERLAPS (c, d)")).isEmpty();
        assertThat(implied("SELECT DISTINCT a FROM t")).isEmpty();
    }
}
