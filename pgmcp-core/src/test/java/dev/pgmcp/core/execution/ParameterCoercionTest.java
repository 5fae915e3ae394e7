package dev.pgmcp.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parameter values coerced to the types PostgreSQL infers, against the real database. */
class ParameterCoercionTest {

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

    private static List<Object> firstRow(String sql, Object... params) throws QueryException {
        return executor.execute(QueryRequest.of(sql, params)).rows().get(0);
    }

    private static QueryRefusedException refusal(String sql, Object... params) {
        try {
            executor.execute(QueryRequest.of(sql, params));
        } catch (QueryRefusedException e) {
            return e;
        } catch (QueryException e) {
            throw new AssertionError("expected a refusal, got: " + e.toAgentMessage(), e);
        }
        throw new AssertionError("expected a refusal, but the query ran");
    }

    @Test
    void integersAcceptWholeNumbersAndNumericStrings() throws Exception {
        assertThat(firstRow("SELECT id FROM public.big_numbers WHERE id = $1", 11)).containsExactly(11L);
        assertThat(firstRow("SELECT id FROM public.big_numbers WHERE id = $1", 12.0)).containsExactly(12L);
        assertThat(firstRow("SELECT id FROM public.big_numbers WHERE id = $1", " 13 ")).containsExactly(13L);
    }

    @Test
    void integerRefusalNamesTheParameterAndTheInferredType() {
        QueryRefusedException e = refusal("SELECT id FROM public.big_numbers WHERE id > $1 LIMIT $2", 5, "ten");
        assertThat(e.layer()).isEqualTo(Layer.INPUT);
        assertThat(e.rule()).isEqualTo("parameter-type");
        assertThat(e.reason()).isEqualTo("parameter $2 must be an integer (PostgreSQL infers bigint for it), got \"ten\".");
        assertThat(refusal("SELECT id FROM public.big_numbers WHERE id = $1", 1.5).reason())
                .contains("parameter $1 must be an integer", "got 1.5");
        assertThat(refusal("SELECT $1::int2", 70000).reason())
                .isEqualTo("parameter $1 must be an integer between -32768 and 32767 (PostgreSQL infers smallint "
                        + "for it), got 70000.");
        assertThat(refusal("SELECT $1::int", true).reason()).contains("must be an integer", "got true");
    }

    @Test
    void numbersAndBooleans() throws Exception {
        assertThat(firstRow("SELECT $1::numeric + 1, $2::float8 * 2, $3::real, $4::boolean, $5::boolean",
                new BigDecimal("0.1"), 1.25, "1e3", true, "FALSE"))
                .containsExactly("1.1", 2.5, 1000.0, true, false);
        assertThat(firstRow("SELECT $1::numeric", "NaN")).containsExactly("NaN");
        assertThat(refusal("SELECT $1::numeric", "abc").reason())
                .isEqualTo("parameter $1 must be a number (PostgreSQL infers numeric for it), got \"abc\".");
        assertThat(refusal("SELECT $1::boolean", "yes").reason())
                .isEqualTo("parameter $1 must be true or false (PostgreSQL infers boolean for it), got \"yes\".");
    }

    @Test
    void stringsThatPostgreSqlParses() throws Exception {
        assertThat(firstRow("SELECT $1::date, $2::interval, $3::uuid",
                "2024-02-29", "3 days", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))
                .containsExactly("2024-02-29", "3 days", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        assertThat(firstRow("SELECT count(*) FROM sales.orders WHERE ordered_at >= $1 AND status = $2",
                "2024-03-01T00:00:00Z", "paid").get(0)).isInstanceOf(Long.class);
    }

    @Test
    void badStringsAreRefusedNamingTheParameterAndType() {
        QueryRefusedException date = refusal("SELECT count(*) FROM sales.orders WHERE ordered_at >= $1 AND id > $2",
                "2024-13-45", 0);
        assertThat(date.rule()).isEqualTo("parameter-value");
        assertThat(date.reason()).startsWith("parameter $1 is not a valid timestamp with time zone (PostgreSQL infers "
                + "timestamp with time zone for it): date/time field value out of range: \"2024-13-45\"");
        assertThat(date.hint()).contains("ISO 8601");
        assertThat(refusal("SELECT $2::int, $1::uuid", "not-a-uuid", 1).reason())
                .isEqualTo("parameter $1 is not a valid uuid (PostgreSQL infers uuid for it): invalid input syntax "
                        + "for type uuid: \"not-a-uuid\".");
        assertThat(refusal("SELECT count(*) FROM sales.orders WHERE status = $1", "lost").reason())
                .contains("parameter $1 is not a valid order_status", "invalid input value for enum");
        assertThat(refusal("SELECT $1::jsonb", "{not json").reason())
                .contains("parameter $1 is not a valid jsonb", "invalid input syntax for type json");
    }

    @Test
    void arraysBindElementByElement() throws Exception {
        assertThat(firstRow("SELECT array_length($1::text[], 1), ($1::text[])[2], ($1::text[])[3], ($1::text[])[4] IS NULL",
                Arrays.asList("a", "b\"c", "d\\e,{}", null)))
                .containsExactly(4, "b\"c", "d\\e,{}", true);
        assertThat(firstRow("SELECT ($1::int[])[2] IS NULL, cardinality($1::int[])", Arrays.asList(1, null, 3)))
                .containsExactly(true, 3);
        assertThat(firstRow("SELECT count(*) FROM public.big_numbers WHERE id = ANY($1)", List.of(11, 12, "13")))
                .containsExactly(3L);
        assertThat(firstRow("SELECT ($1::int[])[2][1]", List.of(List.of(1, 2), List.of(3, 4)))).containsExactly(3);
        assertThat(firstRow("SELECT count(*) FROM sales.orders WHERE status = ANY($1)", List.of("paid", "shipped")))
                .containsExactly(80L);
        assertThat(firstRow("SELECT $1::int[] = '{1,2}'", "{1,2}")).containsExactly(true);
        assertThat(refusal("SELECT $1::int[]", List.of(1, "x")).reason())
                .isEqualTo("parameter $1 element 2 must be an integer (PostgreSQL infers integer for it), got \"x\".");
        assertThat(refusal("SELECT $1::int[]", 5).reason())
                .isEqualTo("parameter $1 must be an array (PostgreSQL infers integer[] for it), got 5.");
    }

    @Test
    void jsonTakesObjectsArraysAndJsonText() throws Exception {
        assertThat(firstRow("SELECT $1::jsonb ->> 'k', $2::json ->> 1, $3::jsonb ->> 'a', $4::jsonb::text",
                Map.of("k", "v"), List.of(1, "two"), "{\"a\": 5}", 7))
                .containsExactly("v", "two", "5", "7");
        assertThat(firstRow("SELECT count(*) FROM sales.customers WHERE profile @> $1", Map.of("tier", "gold")).get(0))
                .isEqualTo(33L);
    }

    @Test
    void objectsAreRefusedForNonJsonTypes() {
        assertThat(refusal("SELECT $1::text", Map.of("a", 1)).reason())
                .isEqualTo("parameter $1 must be a single value (PostgreSQL infers text for it), got {\"a\":1}.");
    }

    @Test
    void theSizeBoundCoversJsonAndArrays() {
        String big = "x".repeat(ExecutionLimits.DEFAULTS.maxParameterBytes() / 2 + 1);
        assertThat(refusal("SELECT $1::jsonb", Map.of("a", big, "b", big)).reason())
                .isEqualTo("parameter $1 is larger than " + ExecutionLimits.DEFAULTS.maxParameterBytes() + " bytes.");
        assertThat(refusal("SELECT $1::text[]", List.of(big, big)).rule()).isEqualTo("parameter-size");
    }

    @Test
    void nullIsNullForEveryType() throws Exception {
        assertThat(firstRow("SELECT $1::int IS NULL, $2::date IS NULL, $3::jsonb IS NULL, $4::text[] IS NULL",
                null, null, null, null)).containsExactly(true, true, true, true);
    }

    @Test
    void aParameterUsedTwiceIsCoercedForEachPlace() throws Exception {
        assertThat(firstRow("SELECT $1::int + 1, $1::text || 'x'", "41")).containsExactly(42, "41x");
    }

    @Test
    void describingTheParametersCostsAtMostOneRoundTrip() throws Exception {
        Logger driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        Level previous = driver.getLevel();
        int[] syncs = {0};
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("FE=> Sync")) {
                    syncs[0]++;
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        counter.setLevel(Level.ALL);
        driver.setLevel(Level.FINEST);
        driver.addHandler(counter);
        try {
            // Texts no other test sends, so that pgjdbc's per-connection statement cache cannot answer the
            // describe, and no table columns, so that its column metadata lookup does not count either.
            executor.execute(QueryRequest.of("SELECT 11::int8 AS probe_a"));
            int withoutParameters = syncs[0];
            syncs[0] = 0;
            executor.execute(QueryRequest.of("SELECT $1::int8 AS probe_b", 11));
            int withParameters = syncs[0];
            assertThat(withoutParameters).isPositive();
            assertThat(withParameters).isEqualTo(withoutParameters + 1);
        } finally {
            driver.removeHandler(counter);
            driver.setLevel(previous);
        }
    }

    @Test
    void typeErrorsOfTheStatementStillComeFromPostgreSql() {
        assertThatThrownBy(() -> executor.execute(QueryRequest.of("SELECT $1 + $2", 1, 2)))
                .isInstanceOf(QueryFailedException.class)
                .hasMessageContaining("operator is not unique");
    }
}
