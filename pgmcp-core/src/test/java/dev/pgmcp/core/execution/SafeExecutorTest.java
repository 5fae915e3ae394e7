package dev.pgmcp.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SafeExecutorTest {

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

    private static Map<String, Object> row(String label) throws QueryException {
        QueryResult result = executor.execute(QueryRequest.of("SELECT * FROM public.type_samples WHERE label = $1", label));
        assertThat(result.rows()).hasSize(1);
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < result.columns().size(); i++) {
            row.put(result.columns().get(i).name(), result.rows().get(0).get(i));
        }
        return row;
    }

    @Test
    void mapsTypicalValuesToJson() throws Exception {
        Map<String, Object> r = row("typical");
        assertThat(r.get("c_smallint")).isEqualTo(42);
        assertThat(r.get("c_integer")).isEqualTo(123456);
        assertThat(r.get("c_bigint")).isEqualTo(1234567890123L);
        assertThat(r.get("c_numeric")).isEqualTo("3.14159");
        assertThat(r.get("c_real")).isEqualTo(1.5);
        assertThat(r.get("c_double")).isEqualTo(2.718281828459045);
        assertThat(r.get("c_boolean")).isEqualTo(true);
        assertThat(r.get("c_char")).isEqualTo("abc  ");
        assertThat(r.get("c_uuid")).isEqualTo("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(r.get("c_date")).isEqualTo("2024-02-29");
        assertThat(r.get("c_timestamp")).isEqualTo("2024-02-29T13:45:30.123456");
        assertThat(r.get("c_timestamptz")).isEqualTo("2024-02-29T13:45:30.123456Z");
        assertThat(r.get("c_time")).isEqualTo("13:45:30.5");
        assertThat(r.get("c_interval")).isEqualTo("1 year 2 mons 3 days 04:05:06.789");
        assertThat(((JsonNode) r.get("c_json")).path("b").get(2).asString()).isEqualTo("x");
        assertThat(((JsonNode) r.get("c_jsonb")).path("a").asInt()).isEqualTo(1);
        assertThat(r.get("c_bytea")).isEqualTo("\\x00ff10deadbeef");
        assertThat(r.get("c_int_array")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(r.get("c_text_array")).isEqualTo(List.of("alpha", "beta"));
        assertThat(((List<?>) r.get("c_jsonb_array")).get(0).toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(r.get("c_inet")).isEqualTo("192.168.1.10/24");
        assertThat(r.get("c_enum")).isEqualTo("happy");
        assertThat(r.get("c_int4range")).isEqualTo("[1,10)");
    }

    @Test
    void keepsPrecisionAndSpecialValues() throws Exception {
        Map<String, Object> extremes = row("extremes");
        assertThat(extremes.get("c_bigint")).isEqualTo(9007199254740993L);
        assertThat(extremes.get("c_numeric")).isEqualTo("12345678901234567890.123456789");
        assertThat(extremes.get("c_int_array")).isEqualTo(List.of(List.of(1L, 2L), List.of(3L, 4L)));
        assertThat(extremes.get("c_bytea")).isEqualTo("\\x");
        Map<String, Object> special = row("special");
        assertThat(special.get("c_numeric")).isEqualTo("NaN");
        assertThat(special.get("c_real")).isEqualTo("NaN");
        assertThat(special.get("c_double")).isEqualTo("Infinity");
        assertThat(special.get("c_boolean")).isNull();
        assertThat(special.get("c_timestamptz")).isEqualTo("infinity");
        assertThat(special.get("c_text")).isEqualTo("Grüße 世界 🐘 \"double\" 'single' back\\slash\ttab\nnewline");
        assertThat(special.get("c_int_array")).isEqualTo(Arrays.asList(-1L, null, 2L));
        assertThat(special.get("c_text_array")).isEqualTo(Arrays.asList("plain", null, "with \"quotes\"",
                "comma,inside", "back\\slash", "", "NULL", "{braces}"));
        assertThat(row("negative_infinity").get("c_double")).isEqualTo("-Infinity");
        assertThat(row("negative_infinity").get("c_timestamptz")).isEqualTo("-infinity");
        Map<String, Object> nulls = row("all_nulls");
        assertThat(nulls.entrySet()).filteredOn(e -> !e.getKey().equals("label")).allMatch(e -> e.getValue() == null);
    }

    @Test
    void reportsColumnTypesInSqlSpelling() throws Exception {
        QueryResult result = executor.execute(QueryRequest.of(
                "SELECT c_integer, c_timestamptz, c_text_array, c_varchar, c_enum FROM public.type_samples LIMIT 1"));
        assertThat(result.columns()).extracting(ResultColumn::type).containsExactly("integer",
                "timestamp with time zone", "text[]", "character varying", "mood");
    }

    @Test
    void capsRowsAndSaysSo() throws Exception {
        QueryResult result = executor.execute(new QueryRequest("SELECT * FROM public.big_numbers", List.of(), 5));
        assertThat(result.rows()).hasSize(5);
        assertThat(result.truncated()).isTrue();
        assertThat(result.truncationReason()).isEqualTo("max_rows");
        QueryResult exact = executor.execute(new QueryRequest("SELECT * FROM public.big_numbers LIMIT 5", List.of(), 5));
        assertThat(exact.truncated()).isFalse();
    }

    @Test
    void capsBytesAndSaysSo() throws Exception {
        ExecutionLimits small = new ExecutionLimits(Duration.ofSeconds(15), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 10_000, 10_000, 4096, 100_000, 1_048_576);
        try (PgmcpRuntime limited = TestRuntimes.reader(small)) {
            QueryResult result = limited.executor().execute(QueryRequest.of("SELECT * FROM public.big_numbers"));
            assertThat(result.truncated()).isTrue();
            assertThat(result.truncationReason()).isEqualTo("max_result_bytes");
            assertThat(result.rows()).isNotEmpty().hasSizeLessThan(200);
        }
    }

    @Test
    void bindsParametersByNumberAndInfersTheirTypes() throws Exception {
        QueryResult result = executor.execute(QueryRequest.of(
                "SELECT id FROM public.big_numbers WHERE id BETWEEN $1 AND $2 AND label <> $3 AND id <> $1 ORDER BY id",
                10, "13", "nothing"));
        assertThat(result.rows()).extracting(r -> r.get(0)).containsExactly(11L, 12L, 13L);
        QueryResult json = executor.execute(QueryRequest.of("SELECT $1::jsonb ->> 'k', $2::boolean, $3::int IS NULL",
                Map.of("k", "v"), true, null));
        assertThat(json.rows().get(0)).containsExactly("v", true, true);
        QueryResult jsonOperator = executor.execute(QueryRequest.of("SELECT '{\"a\":1}'::jsonb ? $1", "a"));
        assertThat(jsonOperator.rows().get(0)).containsExactly(true);
    }

    @Test
    void refusesParameterMismatches() {
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT $2")))
                .isInstanceOf(QueryRefusedException.class).hasMessageContaining("uses $2 but 0 parameter values");
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT $1", 1, 2)))
                .isInstanceOf(QueryRefusedException.class).hasMessageContaining("never uses [$2]");
    }

    @Test
    void reportsPostgreSqlErrorsWithPositionsInTheAgentsText() {
        String sql = "SELECT $1::int,\n       no_such_column FROM public.big_numbers";
        assertThatThrownBy(() -> executor.execute(QueryRequest.of(sql, 1)))
                .isInstanceOfSatisfying(QueryFailedException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("42703");
                    assertThat(e.position()).isEqualTo(sql.indexOf("no_such_column") + 1);
                    assertThat(e.toAgentMessage()).contains("column \"no_such_column\" does not exist")
                            .contains("at character " + (sql.indexOf("no_such_column") + 1));
                });
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT 1/0")))
                .isInstanceOfSatisfying(QueryFailedException.class, e -> assertThat(e.sqlState()).isEqualTo("22012"));
    }

    @Test
    void hidesColumnsTheRoleMayNotRead() {
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT ssn FROM hr.employees")))
                .isInstanceOfSatisfying(QueryFailedException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("42501");
                    assertThat(e.toAgentMessage()).contains("lacks a privilege");
                });
    }

    @Test
    void stopsLongQueriesAtTheStatementTimeout() {
        ExecutionLimits quick = new ExecutionLimits(Duration.ofMillis(300), Duration.ofSeconds(1),
                Duration.ofSeconds(60), 200, 10_000, 262_144, 100_000, 1_048_576);
        try (PgmcpRuntime limited = TestRuntimes.reader(quick)) {
            assertThatThrownBy(() -> limited.executor().execute(QueryRequest.of("SELECT pg_sleep(5)")))
                    .isInstanceOfSatisfying(QueryFailedException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("57014");
                        assertThat(e.toAgentMessage()).contains("statement timeout");
                    });
        }
    }

    @Test
    void runsEveryCallReadOnlyWithTheConfiguredTimeouts() throws Exception {
        QueryResult result = executor.execute(QueryRequest.of("SELECT current_setting('transaction_read_only'), "
                + "current_setting('statement_timeout'), current_setting('lock_timeout')"));
        assertThat(result.rows().get(0)).containsExactly("on", "15s", "1s");
    }

    @Test
    void answersQuicklyOnAHugeTableBecauseItStopsReading() throws Exception {
        // Not a timing assertion: proves the row cap applies on the server side (the whole table is not read).
        QueryResult result = executor.execute(new QueryRequest("SELECT * FROM public.big_numbers", List.of(), 1000));
        assertThat(result.rows()).hasSize(1000);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void refusesDeeplyNestedCommentsBeforeTheyReachPostgreSql() {
        String sql = "SELECT 1 " + "/* a ".repeat(12_000) + "*/".repeat(12_000);
        assertThatThrownBy(() -> executor.execute(QueryRequest.of(sql)))
                .isInstanceOfSatisfying(QueryRefusedException.class, e -> {
                    assertThat(e.layer()).isEqualTo(Layer.STATEMENT);
                    assertThat(e.rule()).isEqualTo("nesting-depth");
                    assertThat(e.toAgentMessage()).contains("nested more than 16 deep");
                });
    }

    @Test
    void truncatesAHugeErrorMessageAndSaysSo() {
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT CAST(repeat('x', 5000000) AS int)")))
                .isInstanceOfSatisfying(QueryFailedException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("22P02");
                    // Cut in the driver's socket, before pgjdbc allocates it: 1,900 of 5,000,041 bytes are kept.
                    assertThat(e.getMessage()).startsWith("invalid input syntax for type integer")
                            .endsWith("[truncated by pgmcp: " + (5_000_041 - 1900) + " more bytes]");
                    assertThat(e.toAgentMessage().length()).isLessThan(3 * ServerText.MAX_CHARS);
                });
    }

    @Test
    void rowsLargerThanTheDriverBufferEndTheResultAsTruncatedAndTheNextCallWorks() throws Exception {
        // g keeps the planner from folding repeat() into a 20 MB constant in the plan (see the next test).
        QueryResult huge = executor.execute(QueryRequest.of("SELECT repeat('x', 20000000 + 0 * g) "
                + "FROM generate_series(1, 30) AS g"));
        assertThat(huge.rows()).isEmpty();
        assertThat(huge.truncated()).isTrue();
        assertThat(huge.truncationReason()).isEqualTo("max_result_bytes");
        // Rows that fit come back before the one that does not.
        QueryResult mixed = executor.execute(QueryRequest.of("SELECT g, CASE WHEN g > 3 THEN repeat('x', 9000000 + 0 * g) "
                + "ELSE 'small' END FROM generate_series(1, 10) AS g ORDER BY g"));
        assertThat(mixed.truncated()).isTrue();
        assertThat(mixed.rows()).hasSizeLessThanOrEqualTo(3);
        for (int i = 0; i < 8; i++) {
            assertThat(executor.execute(QueryRequest.of("SELECT 1")).rows()).hasSize(1);
        }
    }

    @Test
    void refusesAPlanLargerThanTheBound() throws Exception {
        // The planner folds repeat() of constants: the 20 MB value is in the EXPLAIN output itself.
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT repeat('x', 20000000) "
                + "FROM generate_series(1, 30)")))
                .isInstanceOfSatisfying(QueryRefusedException.class, e -> assertThat(e.rule()).isEqualTo("plan-too-large"));
        for (int i = 0; i < 8; i++) {
            assertThat(executor.execute(QueryRequest.of("SELECT 1")).rows()).hasSize(1);
        }
    }

    @Test
    void cellsLargerThanTheBudgetNeverEnterTheAnswer() throws Exception {
        QueryResult result = executor.execute(QueryRequest.of("SELECT 'first', repeat('y', 1000000 + 0 * g) FROM generate_series(1, 1) AS g"));
        assertThat(result.rows()).isEmpty();
        assertThat(result.truncationReason()).isEqualTo("max_result_bytes");
    }
}
