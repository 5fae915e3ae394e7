package dev.pgmcp.core.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool definitions and answers are ordered by construction (issue 9, item 2): prompt caching needs
 * the same bytes for the same call, and {@code Map.of} iterates in an order that changes from one
 * JVM start to the next (as do {@code Map.copyOf} and {@code Set.of}). One JVM cannot see that
 * change, so this test checks the construction: no JSON object or array with more than one entry
 * comes from those salted collections.
 */
class ToolJsonOrderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.reader();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static PgmcpTool tool(String name) {
        return runtime.tools().stream().filter(t -> t.definition().name().equals(name)).findFirst().orElseThrow();
    }

    private static ToolResult call(String name, Map<String, Object> arguments) throws ToolException {
        return tool(name).call(new ToolArguments(name, arguments));
    }

    @Test
    void everyDefinitionIsOrderedByConstruction() {
        for (PgmcpTool tool : runtime.tools()) {
            assertOrdered(tool.definition().inputSchema(), tool.definition().name() + " input");
            assertOrdered(tool.definition().outputSchema(), tool.definition().name() + " output");
        }
    }

    @Test
    void everyAnswerIsOrderedByConstruction() throws Exception {
        assertOrdered(call("list_schemas", Map.of()).structured(), "list_schemas");
        assertOrdered(call("list_tables", Map.of()).structured(), "list_tables");
        assertOrdered(call("describe_table", Map.of("table", "sales.orders")).structured(), "describe_table");
        assertOrdered(call("execute_select", Map.of("sql", "SELECT id, status FROM sales.orders LIMIT 2"))
                .structured(), "execute_select");
    }

    @Test
    void aResultColumnIsWrittenNameThenType() throws Exception {
        Object columns = call("execute_select", Map.of("sql", "SELECT id, status FROM sales.orders LIMIT 1"))
                .structured().get("columns");
        assertThat(JSON.writeValueAsString(columns))
                .isEqualTo("[{\"name\":\"id\",\"type\":\"bigint\"},{\"name\":\"status\",\"type\":\"sales.order_status\"}]");
    }

    private static void assertOrdered(Object value, String where) {
        List<String> unordered = new ArrayList<>();
        collectUnordered(value, where, unordered);
        assertThat(unordered).as("JSON objects whose key order is not fixed by construction").isEmpty();
    }

    /** Map.of, Map.copyOf, Set.of: iteration order depends on a per-JVM random salt. */
    private static boolean salted(Object collection) {
        String type = collection.getClass().getName();
        return type.startsWith("java.util.ImmutableCollections$MapN")
                || type.startsWith("java.util.ImmutableCollections$SetN");
    }

    private static void collectUnordered(Object value, String path, List<String> unordered) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() > 1 && salted(map)) {
                unordered.add(path + " " + map.keySet() + " (" + map.getClass().getName() + ")");
            }
            map.forEach((k, v) -> collectUnordered(v, path + "." + k, unordered));
        } else if (value instanceof Collection<?> items) {
            if (items.size() > 1 && salted(items)) {
                unordered.add(path + " " + items + " (" + items.getClass().getName() + ")");
            }
            int i = 0;
            for (Object item : items) {
                collectUnordered(item, path + "[" + i++ + "]", unordered);
            }
        }
    }
}
