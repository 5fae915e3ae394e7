package dev.pgmcp.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.catalog.RelationSummary;
import dev.pgmcp.core.catalog.SchemaCatalog;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** list_tables beyond its bound (issue 9, item 9): no schema vanishes, and the cut is reported. */
class ListTablesToolTest {

    private static PgmcpRuntime runtime;
    private static SchemaCatalog catalog;

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.reader();
        catalog = runtime.catalog();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aBoundedListSharesItsSlotsBetweenSchemasAndNamesThoseCutShort() throws Exception {
        Map<String, Long> perSchema = catalog.relations(null, null, 100_000).relations().stream()
                .collect(Collectors.groupingBy(RelationSummary::schema, TreeMap::new, Collectors.counting()));
        assertThat(perSchema).containsKeys("Analytics", "hr", "public", "sales");
        int limit = perSchema.size() + 1;

        ToolResult result = new ListTablesTool(catalog, limit).call(new ToolArguments("list_tables", Map.of()));

        List<Map<String, Object>> tables = (List<Map<String, Object>>) result.structured().get("tables");
        assertThat(tables).hasSize(limit);
        assertThat(tables).extracting(t -> t.get("schema")).containsAll(perSchema.keySet());
        List<Map<String, Object>> incomplete = (List<Map<String, Object>>) result.structured().get("incomplete_schemas");
        assertThat(incomplete).isNotEmpty();
        for (Map<String, Object> schema : incomplete) {
            String name = (String) schema.get("schema");
            assertThat(schema.get("relations")).as(name).isEqualTo(perSchema.get(name).intValue());
            assertThat(schema.get("listed")).as(name)
                    .isEqualTo((int) tables.stream().filter(t -> t.get("schema").equals(name)).count());
        }
        assertThat(incomplete).extracting(s -> s.get("schema")).contains("sales", "public");
        assertThat(result.structured()).containsEntry("truncated", true).doesNotContainKey("incomplete_schemas_not_shown");
        assertThat(result.text()).contains("not listed in full: ").contains("sales 1 of " + perSchema.get("sales"))
                .contains("call list_tables with schema");
    }

    @Test
    void aCompleteListCutsNothing() throws Exception {
        ToolResult result = new ListTablesTool(catalog, 100_000)
                .call(new ToolArguments("list_tables", Map.of("schema", "sales")));
        assertThat(result.structured()).containsEntry("truncated", false).containsEntry("incomplete_schemas", List.of());
        assertThat(result.text()).doesNotContain("not listed in full");
    }
}
