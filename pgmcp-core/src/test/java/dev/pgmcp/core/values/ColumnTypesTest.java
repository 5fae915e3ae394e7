package dev.pgmcp.core.values;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.execution.ResultColumn;
import dev.pgmcp.core.execution.SafeExecutor;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Result column types and readers are chosen by type OID (issue 9, item 2), against the real fixture. */
class ColumnTypesTest {

    private static PgmcpRuntime runtime;
    private static SafeExecutor executor;

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.reader();
        executor = runtime.executor();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static QueryResult query(String sql) throws Exception {
        return executor.execute(QueryRequest.of(sql));
    }

    @Test
    void serialKeysAreNumbers() throws Exception {
        QueryResult result = query("SELECT small_id, id, big_id FROM public.serial_keys");
        assertThat(result.columns()).extracting(ResultColumn::type).containsExactly("smallint", "integer", "bigint");
        assertThat(result.rows().get(0)).containsExactly(1, 1, 1L);
    }

    @Test
    void identityKeysAreNumbers() throws Exception {
        QueryResult result = query("SELECT id FROM sales.customers ORDER BY id LIMIT 1");
        assertThat(result.columns()).extracting(ResultColumn::type).containsExactly("bigint");
        assertThat(result.rows().get(0)).containsExactly(1L);
    }

    @Test
    void typeNamesAreQualifiedOnlyOutsideTheSearchPathAndQuotedOnlyWhereSqlNeedsIt() throws Exception {
        QueryResult result = query("SELECT status, level, mood, statuses FROM public.serial_keys");
        assertThat(result.columns()).extracting(ResultColumn::type)
                .containsExactly("sales.order_status", "\"Analytics\".\"Level\"", "mood", "sales.order_status[]");
        assertThat(result.rows().get(0)).containsExactly("paid", "High", "happy", List.of("paid", "shipped"));
    }

    @Test
    void domainsAreReadAsTheirBaseTypeAndSoAreTheirArrays() throws Exception {
        QueryResult result = query("SELECT quantity, quantities FROM public.serial_keys");
        // PostgreSQL sends a domain column as its base type; an array of a domain keeps the domain's name.
        assertThat(result.columns()).extracting(ResultColumn::type).containsExactly("integer", "sales.quantity[]");
        assertThat(result.rows().get(0)).containsExactly(3, List.of(1L, 2L));
    }

    @Test
    void rarerBuiltInsAreLookedUpAndArraysOfThemStillParse() throws Exception {
        QueryResult result = query("SELECT '1 2'::int2vector AS v, int4range(1, 3) AS r, "
                + "ARRAY[box '((1,1),(0,0))', box '((2,2),(1,1))'] AS boxes, ARRAY[int4range(1, 2)] AS ranges");
        assertThat(result.columns()).extracting(ResultColumn::type)
                .containsExactly("int2vector", "int4range", "box[]", "int4range[]");
        assertThat(result.rows().get(0)).containsExactly("1 2", "[1,3)", List.of("(1,1),(0,0)", "(2,2),(1,1)"),
                List.of("[1,2)"));
    }

    @Test
    void theBuiltInTableAgreesWithTheServer() throws Exception {
        try (Connection c = TestDatabase.get().superuserConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.format_type(t.oid, NULL), "
                     + "CASE WHEN t.typelem <> 0 AND t.typlen = -1 THEN t.typelem ELSE t.oid END, t.typdelim "
                     + "FROM pg_catalog.pg_type t WHERE t.oid = ?")) {
            for (Map.Entry<Integer, PgTypes.TypeFacts> entry : PgTypes.builtins().entrySet()) {
                ps.setInt(1, entry.getKey());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("type %s exists", entry.getKey()).isTrue();
                    PgTypes.TypeFacts facts = entry.getValue();
                    assertThat(facts.sqlName()).as("name of %s", entry.getKey()).isEqualTo(rs.getString(1));
                    assertThat(facts.readOid()).as("element of %s", entry.getKey()).isEqualTo(rs.getInt(2));
                    if (facts.array()) {
                        assertThat(String.valueOf(facts.delimiter())).isEqualTo(rs.getString(3));
                    }
                }
            }
        }
    }
}
