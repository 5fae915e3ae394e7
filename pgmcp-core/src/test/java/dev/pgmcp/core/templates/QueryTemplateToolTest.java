package dev.pgmcp.core.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.core.mcp.McpToolAdapter;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import dev.pgmcp.core.tools.PgmcpTool;
import dev.pgmcp.core.tools.ToolArguments;
import dev.pgmcp.core.tools.ToolException;
import dev.pgmcp.core.tools.ToolResult;
import dev.pgmcp.testing.TestDatabase;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Query templates as tools, against the real database. */
class QueryTemplateToolTest {

    private static final String TEMPLATES = """
            top_customers:
              description: Top customers by revenue since a date
              sql: |
                SELECT c.name, sum(o.total) AS revenue, count(*) AS orders
                FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id
                WHERE o.ordered_at >= $1 GROUP BY c.name ORDER BY orders DESC, c.name LIMIT $2
              parameters:
                - {name: since, type: string, format: date, description: First day counted}
                - {name: limit, type: integer, minimum: 1, maximum: 100, default: 3}
            orders_by_status:
              title: Orders by status
              description: Order ids with one of the given statuses
              sql: SELECT id, status FROM sales.orders WHERE status = ANY($1) ORDER BY id
              parameters:
                - {name: statuses, type: array, items: {type: string, enum: [pending, paid, shipped, delivered, cancelled]}}
              max-rows: 5
            order_by_note:
              description: Orders whose note contains a text, placed after a timestamp
              sql: SELECT id FROM sales.orders WHERE note LIKE '%' || $1 || '%' AND ordered_at > $2 ORDER BY id
              parameters:
                - {name: text, type: string, maxLength: 40}
                - {name: after, type: string}
            """;

    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = runtime(TEMPLATES);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static PgmcpRuntime runtime(String yaml) {
        return runtime(yaml, QueryPolicy.PERMIT_ALL);
    }

    private static PgmcpRuntime runtime(String yaml, QueryPolicy policy) {
        TestDatabase db = TestDatabase.get();
        List<QueryTemplate> templates = TemplateConfig.parse(YAMLMapper.builder().build().readTree(yaml),
                ExecutionLimits.DEFAULTS);
        return PgmcpRuntime.builder()
                .connection(TestRuntimes.settings(db.readerUser()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"))
                .policy(policy)
                .addTools(executor -> TemplateTools.create(templates, executor))
                .start();
    }

    private static PgmcpTool tool(String name) {
        return runtime.tools().stream().filter(t -> t.definition().name().equals(name)).findFirst().orElseThrow();
    }

    private static ToolResult call(String name, Map<String, Object> arguments) throws ToolException {
        return tool(name).call(new ToolArguments(name, arguments));
    }

    @Test
    void eachTemplateIsATool() {
        assertThat(runtime.tools()).extracting(t -> t.definition().name())
                .contains("execute_select", "top_customers", "orders_by_status", "order_by_note");
        var definition = tool("top_customers").definition();
        assertThat(definition.description()).isEqualTo("Top customers by revenue since a date");
        assertThat(definition.inputSchema()).containsEntry("required", List.of("since"))
                .containsEntry("additionalProperties", false);
        assertThat(definition.outputSchema()).isEqualTo(tool("execute_select").definition().outputSchema());
        assertThat(tool("orders_by_status").definition().title()).isEqualTo("Orders by status");
    }

    @Test
    void runsWithDefaultsAndBoundValues() throws Exception {
        ToolResult result = call("top_customers", Map.of("since", "2024-01-01"));
        assertThat(result.structured().get("row_count")).isEqualTo(3);
        ToolResult two = call("top_customers", Map.of("since", "2024-01-01", "limit", 2));
        assertThat(two.structured().get("row_count")).isEqualTo(2);
        assertThat(call("top_customers", Map.of("since", "2099-01-01")).structured().get("row_count")).isEqualTo(0);
    }

    @Test
    void arraysAndTheTemplatesRowCap() throws Exception {
        ToolResult result = call("orders_by_status", Map.of("statuses", List.of("paid")));
        assertThat(result.structured()).containsEntry("row_count", 5).containsEntry("truncated", true);
        assertThat(result.text()).contains("TRUNCATED at max_rows=5");
    }

    @Test
    void valuesAreBoundNeverSpliced() throws Exception {
        ToolResult result = call("order_by_note", Map.of("text", "'; DELETE FROM sales.orders; --",
                "after", "2024-01-01T00:00:00Z"));
        assertThat(result.structured().get("row_count")).isEqualTo(0);
        assertThat(call("order_by_note", Map.of("text", "\"fragile\"", "after", "2024-01-01T00:00:00Z"))
                .structured().get("row_count")).isEqualTo(13);
    }

    @Test
    void schemaViolationsNameTheArgument() {
        assertThatThrownBy(() -> call("top_customers", Map.of()))
                .hasMessage("top_customers: argument 'since' is required");
        assertThatThrownBy(() -> call("top_customers", Map.of("since", "2024-01-01", "limit", 500)))
                .hasMessage("top_customers: argument 'limit' must be at most 100, got 500");
        assertThatThrownBy(() -> call("top_customers", Map.of("since", "last week")))
                .hasMessageStartingWith("top_customers: argument 'since' must be a date (for example 2024-05-31)");
        assertThatThrownBy(() -> call("top_customers", Map.of("since", "2024-01-01", "sql", "SELECT 1")))
                .hasMessageContaining("unknown argument 'sql'");
        assertThatThrownBy(() -> call("orders_by_status", Map.of("statuses", List.of("paid", "lost"))))
                .hasMessageContaining("argument 'statuses' element 2 must be one of");
    }

    @Test
    void valuesPostgreSqlRejectsNameTheTemplateParameter() {
        assertThatThrownBy(() -> call("order_by_note", Map.of("text", "x", "after", "soon")))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("order_by_note: Refused by pgmcp (input layer, rule parameter-value): "
                        + "parameter 'after' ($2) is not a valid timestamp with time zone (PostgreSQL infers "
                        + "timestamp with time zone for it): invalid input syntax for type timestamp with time zone: "
                        + "\"soon\".");
    }

    @Test
    void calledThroughTheMcpLayer() {
        SyncToolSpecification specification = McpToolAdapter.toSpecification(tool("top_customers"));
        assertThat(specification.tool().annotations().readOnlyHint()).isTrue();
        assertThat(specification.tool().inputSchema().get("properties").toString()).contains("since=", "limit=");
        McpSchema.CallToolResult ok = specification.callHandler().apply(null, McpSchema.CallToolRequest.builder()
                .name("top_customers").arguments(Map.of("since", "2024-01-01", "limit", 1)).build());
        assertThat(ok.isError()).isFalse();
        assertThat(ok.structuredContent()).isInstanceOf(Map.class);
        assertThat(((Map<?, ?>) ok.structuredContent()).get("row_count")).isEqualTo(1);
        McpSchema.CallToolResult refused = specification.callHandler().apply(null, McpSchema.CallToolRequest.builder()
                .name("top_customers").arguments(Map.of("since", 20240101)).build());
        assertThat(refused.isError()).isTrue();
        assertThat(((McpSchema.TextContent) refused.content().get(0)).text())
                .isEqualTo("top_customers: argument 'since' must be a string, got 20240101");
    }

    @Test
    void everyLayerAppliesToTemplates() throws Exception {
        QueryPolicy noSeqScans = new QueryPolicy() {
            @Override
            public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
                if (plan.nodeTypes().contains("Seq Scan")) {
                    throw new QueryRefusedException(Layer.POLICY, "test-no-seq-scan", "The plan scans a whole table.",
                            "Filter on an indexed column.");
                }
            }
        };
        long before = sequenceValue();
        try (PgmcpRuntime guarded = runtime("""
                next_id:
                  description: Takes a number from a sequence
                  sql: SELECT nextval($1::regclass)
                  parameters: [{name: seq, type: string}]
                scan:
                  description: Scans the orders
                  sql: SELECT count(*) FROM sales.orders WHERE note = $1
                  parameters: [{name: note, type: string}]
                """, noSeqScans)) {
            PgmcpTool nextId = guarded.tools().stream().filter(t -> t.definition().name().equals("next_id"))
                    .findFirst().orElseThrow();
            assertThatThrownBy(() -> nextId.call(new ToolArguments("next_id", Map.of("seq", "sales.customers_id_seq"))))
                    .isInstanceOf(ToolException.class).hasMessageStartingWith("next_id: PostgreSQL error ");
            PgmcpTool scan = guarded.tools().stream().filter(t -> t.definition().name().equals("scan"))
                    .findFirst().orElseThrow();
            assertThatThrownBy(() -> scan.call(new ToolArguments("scan", Map.of("note", "x"))))
                    .hasMessage("scan: Refused by pgmcp (policy layer, rule test-no-seq-scan): The plan scans a whole "
                            + "table. Filter on an indexed column.");
        }
        assertThat(sequenceValue()).as("the sequence did not move").isEqualTo(before);
    }

    private static long sequenceValue() throws Exception {
        try (Connection connection = TestDatabase.get().superuserConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT last_value FROM sales.customers_id_seq")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTypoFailsAtStartWithPostgreSqlsMessage() {
        assertThatThrownBy(() -> runtime("t:\n  description: d\n  sql: SELECT id FROM sales.ordrs WHERE id = $1\n"
                + "  parameters: [{name: id, type: integer}]\n"))
                .isInstanceOf(TemplateConfigException.class)
                .hasMessageContaining("template 't': the sql does not prepare in the database: PostgreSQL error 42P01: "
                        + "relation \"sales.ordrs\" does not exist (at character 16)");
    }

    @Test
    void mismatchedParameterTypesFailAtStart() {
        assertThatThrownBy(() -> runtime("t:\n  description: d\n  sql: SELECT id FROM sales.orders LIMIT $1\n"
                + "  parameters: [{name: n, type: string}]\n"))
                .isInstanceOf(TemplateConfigException.class)
                .hasMessage("template 't': parameter 'n' ($1) is declared as string, but PostgreSQL infers bigint "
                        + "for $1; declare type: integer, or cast the placeholder in the sql (for example $1::text)");
        assertThatThrownBy(() -> runtime("t:\n  description: d\n  sql: SELECT id FROM sales.orders WHERE id = $1\n"
                + "  parameters: [{name: n, type: number}]\n"))
                .hasMessageContaining("declared as number, but PostgreSQL infers bigint");
        assertThatThrownBy(() -> runtime("t:\n  description: d\n  sql: SELECT $1::uuid\n"
                + "  parameters: [{name: n, type: string, format: date}]\n"))
                .hasMessageContaining("declared as string (format date), but PostgreSQL infers uuid");
        assertThatThrownBy(() -> runtime("t:\n  description: d\n  sql: SELECT $1::int[]\n"
                + "  parameters: [{name: n, type: array, items: {type: string}}]\n"))
                .hasMessageContaining("declared as array of string, but PostgreSQL infers integer[]");
    }

    @Test
    void compatibleTypesAreAccepted() {
        TemplateParameter integer = new TemplateParameter("n", TemplateParameter.Type.INTEGER, null, null, null, null,
                null, null, null, null, false, null);
        assertThat(TemplateTools.fits(integer, "numeric")).isTrue();
        assertThat(TemplateTools.fits(integer, "text")).isTrue();
        assertThat(TemplateTools.fits(integer, "jsonb")).isTrue();
        assertThat(TemplateTools.fits(integer, "date")).isFalse();
        TemplateParameter date = new TemplateParameter("d", TemplateParameter.Type.STRING, null, null, null, null,
                null, null, TemplateParameter.Format.DATE, null, false, null);
        assertThat(TemplateTools.fits(date, "timestamptz")).isTrue();
        assertThat(TemplateTools.fits(date, "int4")).isFalse();
        assertThat(TemplateTools.fits(date, "\"sales\".\"order_status\"")).isFalse();
    }
}
