package dev.pgmcp.core.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.execution.ExecutionLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The templates section is validated once, loudly, without a database. */
class TemplateConfigTest {

    private static final String TOP_CUSTOMERS = """
            top_customers:
              description: Top customers by revenue since a date
              sql: |
                SELECT c.name, sum(o.total) AS revenue FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id
                WHERE o.ordered_at >= $1 GROUP BY c.name ORDER BY revenue DESC LIMIT $2
              parameters:
                - {name: since, type: string, format: date, description: First day counted}
                - {name: limit, type: integer, minimum: 1, maximum: 100, default: 10}
              max-rows: 100
            """;

    private static List<QueryTemplate> parse(String yaml) {
        JsonNode node = YAMLMapper.builder().build().readTree(yaml);
        return TemplateConfig.parse(node, ExecutionLimits.DEFAULTS);
    }

    private static void fails(String yaml, String... fragments) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(TemplateConfigException.class)
                .hasMessageContainingAll(fragments);
    }

    @Test
    void readsATemplate() {
        List<QueryTemplate> templates = parse(TOP_CUSTOMERS);
        assertThat(templates).hasSize(1);
        QueryTemplate t = templates.get(0);
        assertThat(t.name()).isEqualTo("top_customers");
        assertThat(t.description()).isEqualTo("Top customers by revenue since a date");
        assertThat(t.maxRows()).isEqualTo(100);
        assertThat(t.parameterNames()).containsExactly("since", "limit");
        TemplateParameter limit = t.parameters().get(1);
        assertThat(limit.hasDefault()).isTrue();
        assertThat(limit.defaultValue()).isEqualTo(10);
        assertThat(limit.jsonSchema()).containsEntry("type", "integer").containsEntry("default", 10)
                .containsKeys("minimum", "maximum");
        assertThat(t.parameters().get(0).jsonSchema()).isEqualTo(Map.of("type", "string", "format", "date",
                "description", "First day counted"));
    }

    @Test
    void noSectionMeansNoTemplates() {
        assertThat(TemplateConfig.parse(null, ExecutionLimits.DEFAULTS)).isEmpty();
    }

    @Test
    void unknownKeysFail() {
        fails("t:\n  description: d\n  sql: SELECT 1\n  max_rows: 5\n", "template 't'", "unknown key 'max_rows'",
                "max-rows");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: string, maxlength: 3}]\n",
                "template 't', parameter $1 ('a')", "unknown key 'maxlength'", "maxLength");
    }

    @Test
    void namesMustBeValidAndFree() {
        fails("Top Customers:\n  description: d\n  sql: SELECT 1\n", "template 'Top Customers'", "a-z, 0-9, _ and -");
        fails("execute_select:\n  description: d\n  sql: SELECT 1\n", "taken by a built-in tool");
        fails("t:\n  description: d\n  sql: SELECT $1, $2\n  parameters: [{name: a, type: string}, "
                + "{name: a, type: string}]\n", "parameter $2", "'a' is used twice");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: 1a, type: string}]\n",
                "name '1a' must start with a-z");
    }

    @Test
    void theSqlMustPassTheStatementGate() {
        fails("t:\n  description: d\n  sql: DELETE FROM sales.orders\n", "template 't': the sql is refused");
        fails("t:\n  description: d\n  sql: SELECT 1; SELECT 2\n", "the sql is refused", "statement");
        fails("t:\n  description: d\n", "sql is required");
        fails("t:\n  sql: SELECT 1\n", "description is required");
    }

    @Test
    void placeholdersMustMatchTheParameters() {
        fails("t:\n  description: d\n  sql: SELECT $1, $3\n  parameters: [{name: a, type: string}, "
                + "{name: b, type: string}]\n", "uses [$1, $3] but 2 parameters are declared");
        fails("t:\n  description: d\n  sql: SELECT 1\n  parameters: [{name: a, type: string}]\n",
                "uses no placeholders but 1 parameter is declared");
        fails("t:\n  description: d\n  sql: SELECT $1\n", "uses [$1] but 0 parameters are declared");
    }

    @Test
    void onlyTheSupportedSchemaSubset() {
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: object}]\n",
                "type 'object' is not supported");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: string, minimum: 1}]\n",
                "minimum applies only to integer and number");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: string, format: email}]\n",
                "format 'email' is not supported");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: string, pattern: '('}]\n",
                "pattern is not a valid regular expression");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: array}]\n",
                "an array needs items");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: integer, minimum: 5, "
                + "maximum: 1}]\n", "minimum 5 is above maximum 1");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: integer, enum: [1, x]}]\n",
                "enum value \"x\" must be an integer");
    }

    @Test
    void defaultsMustFitTheirSchema() {
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: integer, maximum: 100, "
                + "default: 500}]\n", "parameter $1 ('a'): the default must be at most 100, got 500");
        fails("t:\n  description: d\n  sql: SELECT $1\n  parameters: [{name: a, type: string, format: date, "
                + "default: yesterday}]\n", "the default must be a date");
    }

    @Test
    void maxRowsIsBoundedByTheCeiling() {
        fails("t:\n  description: d\n  sql: SELECT 1\n  max-rows: 20000\n", "max-rows must be a whole number "
                + "between 1 and 10000");
    }

    @Test
    void valuesAreCheckedAgainstTheSchema() {
        QueryTemplate t = parse("""
                t:
                  description: d
                  sql: SELECT $1, $2, $3, $4
                  parameters:
                    - {name: code, type: string, pattern: '^[A-Z]{3}$', maxLength: 3}
                    - {name: status, type: string, enum: [paid, shipped]}
                    - {name: ids, type: array, items: {type: integer, minimum: 1}}
                    - {name: at, type: string, format: date-time}
                """).get(0);
        List<TemplateParameter> p = t.parameters();
        assertThat(p.get(0).problem("EUR")).isNull();
        assertThat(p.get(0).problem("eur")).isEqualTo("must match the pattern ^[A-Z]{3}$, got \"eur\"");
        assertThat(p.get(0).problem(7)).isEqualTo("must be a string, got 7");
        assertThat(p.get(1).problem("lost")).isEqualTo("must be one of [\"paid\",\"shipped\"], got \"lost\"");
        assertThat(p.get(2).problem(List.of(1, 2))).isNull();
        assertThat(p.get(2).problem(List.of(1, 0))).isEqualTo("element 2 must be at least 1, got 0");
        assertThat(p.get(2).problem(List.of(1.5))).isEqualTo("element 1 must be an integer, got 1.5");
        assertThat(p.get(3).problem("2024-05-31T13:45:00Z")).isNull();
        assertThat(p.get(3).problem("2024-05-31")).startsWith("must be a date-time (RFC 3339");
        assertThat(p.get(3).problem(null)).isEqualTo("must be a string, got null");
    }
}
