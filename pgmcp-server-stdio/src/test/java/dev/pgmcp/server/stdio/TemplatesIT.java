package dev.pgmcp.server.stdio;

import dev.pgmcp.testing.ReaderConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Query templates from the configuration file, served by the jar and called by the official MCP client. */
class TemplatesIT {

    private static final String TEMPLATES = """
            templates:
              top_customers:
                description: Top customers by number of orders since a date
                sql: |
                  SELECT c.name, count(*) AS orders, sum(o.total) AS revenue
                  FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id
                  WHERE o.ordered_at >= $1 GROUP BY c.name ORDER BY orders DESC, c.name LIMIT $2
                parameters:
                  - {name: since, type: string, format: date, description: First day counted}
                  - {name: limit, type: integer, minimum: 1, maximum: 100, default: 10}
                max-rows: 100
              orders_after:
                description: Orders placed after a moment
                sql: SELECT id FROM sales.orders WHERE ordered_at > $1 ORDER BY id LIMIT 3
                parameters:
                  - {name: after, type: string}
            """;

    @TempDir
    Path dir;

    @Test
    void templatesAreToolsThatTheOfficialClientCalls() throws Exception {
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, TEMPLATES);
        List<Map<String, Object>> calls = List.of(
                OfficialClient.call("top_customers", Map.of("since", "2024-01-01", "limit", 2)),
                OfficialClient.call("top_customers", Map.of("since", "2024-01-01")),
                OfficialClient.call("orders_after", Map.of("after", "soon")),
                OfficialClient.call("execute_select", Map.of("sql", "SELECT id FROM sales.orders LIMIT $1",
                        "params", List.of("ten"))));
        JsonNode output = OfficialClient.run(ReaderConnection.args("--config", config.toString(), "--log-level",
                "warn"), ReaderConnection.env(), calls);

        JsonNode tool = null;
        List<String> names = new ArrayList<>();
        for (JsonNode t : output.path("tools")) {
            names.add(t.path("name").asString());
            if (t.path("name").asString().equals("top_customers")) {
                tool = t;
            }
        }
        assertThat(names).contains("execute_select", "top_customers", "orders_after");
        assertThat(tool.path("description").asString()).isEqualTo("Top customers by number of orders since a date");
        assertThat(tool.path("annotations").path("readOnlyHint").asBoolean()).isTrue();
        assertThat(tool.path("inputSchema").path("required").toString()).isEqualTo("[\"since\"]");
        assertThat(tool.path("inputSchema").path("properties").path("limit").path("maximum").asInt()).isEqualTo(100);

        JsonNode two = output.path("results").get(0);
        assertThat(two.path("isError").asBoolean()).as(two.toString()).isFalse();
        assertThat(two.path("structuredContent").path("row_count").asInt()).isEqualTo(2);
        assertThat(output.path("results").get(1).path("structuredContent").path("row_count").asInt()).isEqualTo(10);

        JsonNode badTimestamp = output.path("results").get(2);
        assertThat(badTimestamp.path("isError").asBoolean()).isTrue();
        assertThat(badTimestamp.path("text").asString()).contains("parameter 'after' ($1) is not a valid timestamp "
                + "with time zone (PostgreSQL infers timestamp with time zone for it)");

        JsonNode badInteger = output.path("results").get(3);
        assertThat(badInteger.path("isError").asBoolean()).isTrue();
        assertThat(badInteger.path("text").asString()).contains("parameter $1 must be an integer (PostgreSQL infers "
                + "bigint for it), got \"ten\"");
    }

    @Test
    void aTemplateWithATypoStopsTheStartWithPostgreSqlsMessage() throws Exception {
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, """
                templates:
                  broken:
                    description: A typo in a table name
                    sql: SELECT id FROM sales.ordrs WHERE id = $1
                    parameters: [{name: id, type: integer}]
                """);
        try (StdioProcess server = StdioProcess.start(ReaderConnection.args("--config", config.toString()),
                ReaderConnection.env())) {
            assertThat(server.waitForExit(60)).isEqualTo(2);
            assertThat(server.stderr()).contains("pgmcp: " + config + ": template 'broken': the sql does not prepare "
                    + "in the database: "
                    + "PostgreSQL error 42P01: relation \"sales.ordrs\" does not exist").doesNotContain("\tat ");
        }
    }

    @Test
    void anInvalidTemplateStopsTheStartBeforeConnecting() throws Exception {
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, """
                templates:
                  broken:
                    description: d
                    sql: SELECT 1
                    max_rows: 5
                """);
        try (StdioProcess server = StdioProcess.start(ReaderConnection.args("--config", config.toString()),
                ReaderConnection.env())) {
            assertThat(server.waitForExit(60)).isEqualTo(2);
            assertThat(server.stderr()).contains("pgmcp: " + config + ": template 'broken': unknown "
                    + "key 'max_rows'").doesNotContain("\tat ");
        }
    }
}
