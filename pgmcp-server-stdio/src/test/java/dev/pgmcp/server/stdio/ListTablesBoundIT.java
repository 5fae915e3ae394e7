package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.ReaderConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * list_tables beyond its bound (issue 9, item 9), through the shaded jar and the official client:
 * no schema vanishes, and the answer names the schemas it did not list in full.
 */
class ListTablesBoundIT {

    @Test
    void aSmallBoundStillShowsEverySchemaAndSaysWhichAreIncomplete() throws Exception {
        JsonNode output = OfficialClient.run(ReaderConnection.args("--log-level", "warn", "--list-tables-limit", "5"),
                ReaderConnection.env(), List.of(OfficialClient.call("list_tables", Map.of()),
                        OfficialClient.call("list_tables", Map.of("schema", "sales"))));
        JsonNode all = output.path("results").get(0).path("structuredContent");
        assertThat(all.path("tables").size()).isEqualTo(5);
        assertThat(all.path("truncated").asBoolean()).isTrue();
        List<String> schemas = new ArrayList<>();
        all.path("tables").forEach(t -> schemas.add(t.path("schema").asString()));
        assertThat(schemas).contains("Analytics", "hr", "public", "sales");

        JsonNode sales = null;
        for (JsonNode schema : all.path("incomplete_schemas")) {
            if (schema.path("schema").asString().equals("sales")) {
                sales = schema;
            }
        }
        assertThat(sales).as("sales is named as incomplete").isNotNull();
        assertThat(sales.path("listed").asInt()).isEqualTo(1);
        JsonNode salesOnly = output.path("results").get(1).path("structuredContent");
        assertThat(sales.path("relations").asInt()).as("the count the agent can ask for")
                .isEqualTo(salesOnly.path("total").asInt());
        assertThat(output.path("results").get(0).path("text").asString()).contains("not listed in full:")
                .contains("sales 1 of " + sales.path("relations").asInt());
    }
}
