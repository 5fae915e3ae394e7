package dev.pgmcp.server.stdio;

import dev.pgmcp.testing.ReaderConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Drives the jar with the official MCP TypeScript SDK client (src/test/e2e/client.mjs), as Claude
 * Desktop, Claude Code and Cursor do: spawn, initialize, list tools, call them.
 */
class OfficialClientIT {

    private static JsonNode output;

    @BeforeAll
    static void runScenario() throws Exception {
        List<Map<String, Object>> calls = new ArrayList<>();
        calls.add(call("list_schemas", Map.of()));
        calls.add(call("list_tables", Map.of("schema", "sales")));
        calls.add(call("describe_table", Map.of("table", "sales.orders")));
        calls.add(call("execute_select", Map.of("sql", "SELECT label, c_bigint, c_numeric, c_jsonb, c_int_array, "
                + "c_timestamptz FROM public.type_samples WHERE label = $1", "params", List.of("typical"))));
        calls.add(call("execute_select", Map.of("sql", "SELECT * FROM public.big_numbers", "max_rows", 10)));
        calls.add(call("execute_select", Map.of("sql", "DELETE FROM public.audit_log")));
        calls.add(call("execute_select", Map.of("sql", "SELECT 1; DELETE FROM public.audit_log")));
        calls.add(call("describe_table", Map.of("table", "sales.nope")));
        calls.add(call("execute_select", Map.of("sql", "SELECT 1", "max_rows", "many")));
        calls.add(call("execute_select", Map.of("sql", "SELECT count(*) FROM public.audit_log")));
        calls.add(call("execute_select", Map.of("sql", "SELECT count(*) FROM public.big_numbers a, public.big_numbers b")));
        calls.add(call("execute_select", Map.of("sql", "SELECT pg_advisory_lock(1)")));

        output = OfficialClient.run(ReaderConnection.args("--log-level", "warn"), ReaderConnection.env(), calls);
    }

    private static Map<String, Object> call(String tool, Map<String, Object> arguments) {
        return OfficialClient.call(tool, arguments);
    }

    private static JsonNode result(int index) {
        return output.path("results").get(index);
    }

    @Test
    void offersFourReadOnlyToolsWithSchemas() {
        assertThat(output.path("serverInfo").path("name").asString()).isEqualTo("pgmcp");
        assertThat(output.path("instructions").asString()).contains("execute_select");
        List<String> names = new ArrayList<>();
        for (JsonNode tool : output.path("tools")) {
            names.add(tool.path("name").asString());
            assertThat(tool.path("annotations").path("readOnlyHint").asBoolean()).isTrue();
            assertThat(tool.path("annotations").path("destructiveHint").asBoolean()).isFalse();
            assertThat(tool.path("inputSchema").path("type").asString()).isEqualTo("object");
            assertThat(tool.path("outputSchema").path("type").asString()).isEqualTo("object");
        }
        assertThat(names).containsExactly("list_schemas", "list_tables", "describe_table", "execute_select");
    }

    @Test
    void browsesTheCatalog() {
        assertThat(result(0).path("text").asString()).contains("sales (").contains("Analytics (");
        assertThat(result(1).path("structuredContent").path("tables").toString()).contains("\"orders\"")
                .doesNotContain("events_2024_01");
        assertThat(result(2).path("text").asString()).contains("customer_id").contains("-> sales.customers(id)")
                .contains("referenced by:");
    }

    @Test
    void returnsTypedRowsAsStructuredContent() {
        JsonNode structured = result(3).path("structuredContent");
        assertThat(structured.path("row_count").asInt()).isEqualTo(1);
        JsonNode row = structured.path("rows").get(0);
        assertThat(row.get(1).asLong()).isEqualTo(1234567890123L);
        assertThat(row.get(2).asString()).isEqualTo("3.14159");
        assertThat(row.get(3).path("a").asInt()).isEqualTo(1);
        assertThat(row.get(4).get(2).asInt()).isEqualTo(3);
        assertThat(row.get(5).asString()).isEqualTo("2024-02-29T13:45:30.123456Z");
        JsonNode truncated = result(4).path("structuredContent");
        assertThat(truncated.path("row_count").asInt()).isEqualTo(10);
        assertThat(truncated.path("truncated").asBoolean()).isTrue();
        assertThat(result(4).path("text").asString()).contains("TRUNCATED at max_rows=10");
    }

    @Test
    void refusesWritesWithReasonsTheAgentCanUse() {
        assertThat(result(5).path("isError").asBoolean()).isTrue();
        assertThat(result(5).path("text").asString()).contains("Refused by pgmcp").contains("DELETE");
        assertThat(result(6).path("text").asString()).contains("single-statement");
        assertThat(result(7).path("text").asString()).contains("does not exist").contains("list_tables");
        assertThat(result(8).path("isError").asBoolean()).isTrue();
        assertThat(result(8).path("text").asString()).contains("max_rows");
        assertThat(result(9).path("structuredContent").path("rows").get(0).get(0).asLong()).isEqualTo(3);
        assertThat(result(10).path("text").asString()).contains("rule max-cost").contains("--max-cost");
        assertThat(result(11).path("text").asString()).contains("rule denied-function").contains("pg_advisory_lock");
    }
}
