package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.ReaderConnection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The shipped launch settings give the JVM a small heap. With {@code -Xmx256m}, rows of 20 MB and an
 * error message of 120 MB are answered, and the server keeps serving: every byte is bounded before
 * the driver allocates it.
 */
class SmallHeapIT {

    private static JsonNode output;

    @BeforeAll
    static void runScenario() throws Exception {
        output = OfficialClient.run(List.of("-Xmx256m"), ReaderConnection.args("--log-level", "warn"),
                ReaderConnection.env(), List.of(
                        select("SELECT repeat('x', 20000000 + 0 * g) FROM generate_series(1, 30) AS g"),
                        select("SELECT CAST(repeat('x', 120000000) AS int)"),
                        select("SELECT repeat('x', 20000000) FROM generate_series(1, 30)"),
                        select("SELECT 41 + 1 AS answer")));
    }

    private static Map<String, Object> select(String sql) {
        return OfficialClient.call("execute_select", Map.of("sql", sql));
    }

    private static JsonNode result(int index) {
        return output.path("results").get(index);
    }

    @Test
    void rowsOf20MbComeBackTruncatedAndSaySo() {
        JsonNode rows = result(0);
        assertThat(rows.path("isError").asBoolean()).as(rows.toString()).isFalse();
        assertThat(rows.path("structuredContent").path("truncated").asBoolean()).isTrue();
        assertThat(rows.path("structuredContent").path("truncation_reason").asString()).isEqualTo("max_result_bytes");
        assertThat(rows.path("text").asString().length()).isLessThan(10_000);
    }

    @Test
    void anErrorOf120MbIsAnsweredShort() {
        JsonNode error = result(1);
        assertThat(error.path("isError").asBoolean()).isTrue();
        assertThat(error.path("text").asString()).contains("22P02").contains("invalid input syntax for type integer")
                .contains("[truncated by pgmcp: ");
        assertThat(error.path("text").asString().length()).isLessThan(10_000);
    }

    @Test
    void aPlanHolding20MbConstantsIsRefused() {
        JsonNode plan = result(2);
        assertThat(plan.path("isError").asBoolean()).isTrue();
        assertThat(plan.path("text").asString()).contains("plan-too-large");
    }

    @Test
    void theServerAnswersANormalQueryAfterwards() {
        JsonNode next = result(3);
        assertThat(next.path("isError").asBoolean()).as(next.toString()).isFalse();
        assertThat(next.path("structuredContent").path("rows").get(0).get(0).asInt()).isEqualTo(42);
    }
}
