package dev.pgmcp.server.http;

import static dev.pgmcp.server.http.NodeClient.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The official MCP TypeScript SDK client (StreamableHTTPClientTransport) against the jar, with
 * sessions and stateless: initialize, list tools, call them, ping, end the session.
 */
class OfficialClientIT {

    static List<Map<String, Object>> calls() {
        return List.of(
                call("list_schemas", Map.of()),
                call("describe_table", Map.of("table", "sales.orders")),
                call("execute_select", Map.of("sql", "SELECT count(*) AS n FROM public.audit_log")),
                call("execute_select", Map.of("sql", "DELETE FROM public.audit_log")),
                call("no_such_tool", Map.of()),
                // SQL-standard time units: Calcite's parser needs commons-math3 for these, in the shaded jar too.
                call("execute_select", Map.of("sql", "SELECT extract(month FROM timestamptz '2024-03-05') AS m")),
                call("execute_select", Map.of("sql", "SELECT 1 AS one WHERE now() > now() - INTERVAL '3' HOUR")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sessions", "stateless"})
    void servesTheOfficialClient(String mode) throws Exception {
        String[] extra = mode.equals("stateless") ? new String[] {"--stateless"} : new String[0];
        try (HttpProcess server = HttpProcess.serve(extra)) {
            JsonNode output = NodeClient.run(server.mcpUrl(), calls());

            assertThat(output.path("serverInfo").path("name").asString()).isEqualTo("pgmcp");
            assertThat(output.path("instructions").asString()).contains("execute_select");
            if (mode.equals("stateless")) {
                assertThat(output.path("sessionId").isNull()).as("no session in stateless mode").isTrue();
            } else {
                assertThat(output.path("sessionId").asString()).isNotBlank();
            }
            List<String> names = new ArrayList<>();
            output.path("tools").forEach(t -> names.add(t.path("name").asString()));
            assertThat(names).containsExactly("list_schemas", "list_tables", "describe_table", "execute_select");

            JsonNode results = output.path("results");
            assertThat(results.get(0).path("text").asString()).contains("sales (").contains("Analytics (");
            assertThat(results.get(1).path("text").asString()).contains("customer_id");
            assertThat(results.get(2).path("structuredContent").path("rows").get(0).get(0).asLong()).isEqualTo(3);
            assertThat(results.get(3).path("isError").asBoolean()).isTrue();
            assertThat(results.get(3).path("text").asString()).contains("Refused by pgmcp");
            assertThat(results.get(4).path("isError").asBoolean()).isTrue();
            assertThat(results.get(4).path("text").asString()).contains("unknown tool 'no_such_tool'").contains("execute_select")
                    .doesNotContain("Exception");
            assertThat(results.get(5).path("isError").asBoolean()).as(results.get(5).toString()).isFalse();
            assertThat(results.get(5).path("structuredContent").path("rows").get(0).get(0).asString()).isEqualTo("3");
            assertThat(results.get(6).path("isError").asBoolean()).as(results.get(6).toString()).isFalse();
            assertThat(results.get(6).path("structuredContent").path("row_count").asInt()).isEqualTo(1);
            assertThat(output.path("ping").asString()).isEqualTo("ok");
            assertThat(server.stderr()).doesNotContain("ERROR");
        }
    }
}
