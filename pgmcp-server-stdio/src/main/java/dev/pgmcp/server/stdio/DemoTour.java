package dev.pgmcp.server.stdio;

import dev.pgmcp.core.tools.PgmcpTool;
import dev.pgmcp.core.tools.ToolArguments;
import dev.pgmcp.core.tools.ToolException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Calls each tool the way an agent would and prints what the agent reads. */
final class DemoTour {

    private final List<PgmcpTool> tools;
    private final PrintStream out;

    DemoTour(List<PgmcpTool> tools, PrintStream out) {
        this.tools = tools;
        this.out = out;
    }

    void run() {
        step("list_schemas", Map.of());
        step("list_tables", Map.of("schema", "shop"));
        step("describe_table", Map.of("table", "shop.orders"));
        step("execute_select", Map.of("sql", "SELECT c.full_name, c.country, count(*) AS orders, sum(t.total) AS revenue "
                + "FROM shop.customers c JOIN shop.order_totals t ON t.customer_id = c.id "
                + "WHERE t.status = $1 GROUP BY c.id ORDER BY revenue DESC LIMIT 5", "params", List.of("delivered")));
        step("execute_select", Map.of("sql", "SELECT * FROM shop.orders", "max_rows", 3));
        step("execute_select", Map.of("sql", "DELETE FROM shop.orders"));
        step("execute_select", Map.of("sql", "WITH gone AS (DELETE FROM shop.orders RETURNING *) SELECT count(*) FROM gone"));
        step("execute_select", Map.of("sql", "SELECT 1; DROP TABLE shop.orders"));
        step("execute_select", Map.of("sql", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"));
        step("execute_select", Map.of("sql", "SELECT count(*) FROM shop.order_items a, shop.order_items b, "
                + "shop.order_items c"));
        out.flush();
    }

    private void step(String name, Map<String, Object> arguments) {
        out.println("== " + name + " " + arguments);
        PgmcpTool tool = tools.stream().filter(t -> t.definition().name().equals(name)).findFirst().orElseThrow();
        try {
            out.println(tool.call(new ToolArguments(name, arguments)).text());
        } catch (ToolException e) {
            out.println("[error for the agent] " + e.getMessage());
        }
        out.println();
    }
}
