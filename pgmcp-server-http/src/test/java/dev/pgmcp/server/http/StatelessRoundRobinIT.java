package dev.pgmcp.server.http;

import static dev.pgmcp.server.http.NodeClient.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two --stateless instances behind a plain round-robin proxy: one official client's requests are
 * served alternately by both, and every call succeeds.
 */
class StatelessRoundRobinIT {

    @Test
    void oneClientIsServedByBothInstances() throws Exception {
        try (HttpProcess a = HttpProcess.serve("--stateless");
             HttpProcess b = HttpProcess.serve("--stateless");
             RoundRobinProxy proxy = new RoundRobinProxy(List.of(a.mcpUrl(), b.mcpUrl()))) {
            List<Map<String, Object>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(call("execute_select", Map.of("sql", "SELECT $1::int AS i", "params", List.of(i))));
            }
            JsonNode output = NodeClient.run(proxy.url(), calls);

            assertThat(output.path("serverInfo").path("name").asString()).isEqualTo("pgmcp");
            assertThat(output.path("tools")).hasSize(4);
            for (int i = 0; i < 6; i++) {
                JsonNode result = output.path("results").get(i);
                assertThat(result.path("isError").asBoolean()).as(result.toString()).isFalse();
                assertThat(result.path("structuredContent").path("rows").get(0).get(0).asInt()).isEqualTo(i);
            }
            List<String> toolCalls = proxy.log.stream().filter(line -> line.endsWith(" tools/call")).toList();
            assertThat(toolCalls).hasSize(6);
            assertThat(toolCalls).anyMatch(line -> line.startsWith("0 ")).anyMatch(line -> line.startsWith("1 "));
            assertThat(proxy.log.stream().map(line -> line.substring(0, 1)).distinct()).containsExactlyInAnyOrder("0", "1");
        }
    }
}
