package dev.pgmcp.core.templates;

import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.StatementGate;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.core.tools.DescribeTableTool;
import dev.pgmcp.core.tools.ExecuteSelectTool;
import dev.pgmcp.core.tools.ListSchemasTool;
import dev.pgmcp.core.tools.ListTablesTool;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the {@code templates} section of the configuration into {@link QueryTemplate}s and checks
 * everything that can be checked without a database, failing on the first problem with a message
 * that names the template, the key and what to change:
 * <pre>
 * templates:
 *   top_customers:
 *     description: Top customers by revenue since a date
 *     sql: |
 *       SELECT c.name, sum(o.total) AS revenue FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id
 *       WHERE o.ordered_at &gt;= $1 GROUP BY c.name ORDER BY revenue DESC LIMIT $2
 *     parameters:
 *       - {name: since, type: string, format: date}
 *       - {name: limit, type: integer, minimum: 1, maximum: 100, default: 10}
 *     max-rows: 100
 * </pre>
 * The database checks (the SQL prepares, the parameter types match) are done by {@link TemplateTools}.
 */
public final class TemplateConfig {

    /** Tool names the built-in tools use. */
    public static final Set<String> RESERVED_NAMES = Set.of(ListSchemasTool.NAME, ListTablesTool.NAME,
            DescribeTableTool.NAME, ExecuteSelectTool.NAME);

    private static final Pattern TOOL_NAME = Pattern.compile("[a-z0-9_-]{1,64}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Set<String> TEMPLATE_KEYS = Set.of("title", "description", "sql", "parameters", "max-rows");
    private static final Set<String> PARAMETER_KEYS = Set.of("name", "type", "description", "enum", "minimum",
            "maximum", "maxLength", "pattern", "format", "default", "items");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TemplateConfig() {
    }

    /**
     * Reads and validates the section.
     *
     * @param section the {@code templates} mapping, or null when the configuration has none
     * @param limits  the server's limits: SQL length and the row ceiling apply to templates too
     * @throws TemplateConfigException on the first problem found
     */
    public static List<QueryTemplate> parse(JsonNode section, ExecutionLimits limits) {
        if (section == null || section.isNull() || section.isMissingNode()) {
            return List.of();
        }
        if (!section.isObject()) {
            throw new TemplateConfigException("templates must be a mapping of tool names to templates, like "
                    + "'templates: {top_customers: {description: ..., sql: ...}}'");
        }
        List<QueryTemplate> templates = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : section.properties()) {
            templates.add(template(entry.getKey(), entry.getValue(), limits));
        }
        return List.copyOf(templates);
    }

    private static QueryTemplate template(String name, JsonNode node, ExecutionLimits limits) {
        String where = "template '" + name + "'";
        if (!TOOL_NAME.matcher(name).matches()) {
            throw new TemplateConfigException(where + ": the name becomes the MCP tool name and must be 1 to 64 "
                    + "characters of a-z, 0-9, _ and -");
        }
        if (RESERVED_NAMES.contains(name)) {
            throw new TemplateConfigException(where + ": the name is taken by a built-in tool ("
                    + String.join(", ", new TreeSet<>(RESERVED_NAMES)) + "); choose another");
        }
        checkKeys(node, TEMPLATE_KEYS, where, "a mapping with description, sql and optionally title, parameters, "
                + "max-rows");
        String description = requiredText(node, "description", where);
        String sql = requiredText(node, "sql", where);
        String title = optionalText(node, "title", where);
        List<TemplateParameter> parameters = parameters(node.get("parameters"), where);
        checkSql(sql, parameters.size(), where, limits);
        Integer maxRows = null;
        JsonNode maxRowsNode = node.get("max-rows");
        if (maxRowsNode != null && !maxRowsNode.isNull()) {
            if (!maxRowsNode.isIntegralNumber() || maxRowsNode.asLong() < 1
                    || maxRowsNode.asLong() > limits.maxRowsCeiling()) {
                throw new TemplateConfigException(where + ": max-rows must be a whole number between 1 and "
                        + limits.maxRowsCeiling() + " (the max-rows-ceiling), was " + maxRowsNode);
            }
            maxRows = maxRowsNode.asInt();
        }
        return new QueryTemplate(name, title, description.strip(), sql, parameters, maxRows);
    }

    private static void checkSql(String sql, int declared, String where, ExecutionLimits limits) {
        StatementGate gate = new StatementGate(limits);
        StatementText statement;
        try {
            gate.checkInput(new QueryRequest(sql, List.of(), null));
            statement = gate.checkStatement(sql, true);
        } catch (QueryRefusedException e) {
            throw new TemplateConfigException(where + ": the sql is refused: " + e.reason() + " " + e.hint());
        }
        Set<Integer> used = statement.parameterNumbers();
        Set<Integer> expected = new LinkedHashSet<>();
        for (int i = 1; i <= declared; i++) {
            expected.add(i);
        }
        if (!used.equals(expected)) {
            throw new TemplateConfigException(where + ": the sql uses "
                    + (used.isEmpty() ? "no placeholders" : used.stream().map(n -> "$" + n).toList())
                    + " but " + declared + " parameter" + (declared == 1 ? " is" : "s are")
                    + " declared; declare one parameter for each of $1..$n, in that order");
        }
    }

    private static List<TemplateParameter> parameters(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new TemplateConfigException(where + ": parameters must be a list, one entry for each of $1..$n "
                    + "in order, like '- {name: since, type: string, format: date}'");
        }
        List<TemplateParameter> parameters = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int number = 0;
        for (JsonNode item : node) {
            number++;
            String at = where + ", parameter $" + number;
            TemplateParameter parameter = parameter(item, at, true);
            if (!names.add(parameter.name())) {
                throw new TemplateConfigException(at + ": the name '" + parameter.name() + "' is used twice");
            }
            parameters.add(parameter);
        }
        return parameters;
    }

    private static TemplateParameter parameter(JsonNode node, String at, boolean named) {
        if (named && node != null && node.path("name").isString()) {
            at = at + " ('" + node.path("name").asString() + "')";
        }
        checkKeys(node, PARAMETER_KEYS, at, "a mapping with name, type and optionally description, enum, minimum, "
                + "maximum, maxLength, pattern, format, items, default");
        String name = null;
        if (named) {
            name = requiredText(node, "name", at);
            if (!PARAMETER_NAME.matcher(name).matches()) {
                throw new TemplateConfigException(at + ": name '" + name + "' must start with a-z and hold only "
                        + "a-z, 0-9 and _ (at most 64 characters)");
            }
        } else {
            for (String key : List.of("name", "default", "description")) {
                if (node.has(key)) {
                    throw new TemplateConfigException(at + ": items take no " + key);
                }
            }
        }
        String typeName = requiredText(node, "type", at);
        TemplateParameter.Type type;
        try {
            type = TemplateParameter.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TemplateConfigException(at + ": type '" + typeName + "' is not supported; use string, "
                    + "integer, number, boolean or array");
        }
        boolean numeric = type == TemplateParameter.Type.INTEGER || type == TemplateParameter.Type.NUMBER;
        boolean string = type == TemplateParameter.Type.STRING;
        onlyFor(node, "minimum", numeric, at, "integer and number");
        onlyFor(node, "maximum", numeric, at, "integer and number");
        onlyFor(node, "maxLength", string, at, "string");
        onlyFor(node, "pattern", string, at, "string");
        onlyFor(node, "format", string, at, "string");
        onlyFor(node, "items", type == TemplateParameter.Type.ARRAY, at, "array");
        onlyFor(node, "enum", string || numeric, at, "string, integer and number");
        BigDecimal minimum = number(node, "minimum", at);
        BigDecimal maximum = number(node, "maximum", at);
        if (minimum != null && maximum != null && minimum.compareTo(maximum) > 0) {
            throw new TemplateConfigException(at + ": minimum " + minimum + " is above maximum " + maximum);
        }
        Integer maxLength = null;
        if (node.has("maxLength")) {
            JsonNode value = node.get("maxLength");
            if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
                throw new TemplateConfigException(at + ": maxLength must be a positive whole number, was " + value);
            }
            maxLength = value.asInt();
        }
        Pattern pattern = null;
        if (node.has("pattern")) {
            String regex = requiredText(node, "pattern", at);
            try {
                pattern = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new TemplateConfigException(at + ": pattern is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        TemplateParameter.Format format = null;
        if (node.has("format")) {
            String formatName = requiredText(node, "format", at);
            for (TemplateParameter.Format candidate : TemplateParameter.Format.values()) {
                if (candidate.jsonName().equals(formatName)) {
                    format = candidate;
                }
            }
            if (format == null) {
                throw new TemplateConfigException(at + ": format '" + formatName + "' is not supported; use date, "
                        + "date-time or uuid");
            }
        }
        TemplateParameter items = null;
        if (type == TemplateParameter.Type.ARRAY) {
            if (!node.has("items")) {
                throw new TemplateConfigException(at + ": an array needs items, the schema of each element, like "
                        + "'items: {type: integer}'");
            }
            items = parameter(node.get("items"), at + " items", false);
            if (items.type() == TemplateParameter.Type.ARRAY) {
                throw new TemplateConfigException(at + ": arrays of arrays are not supported");
            }
        }
        List<Object> enumValues = null;
        if (node.has("enum")) {
            JsonNode values = node.get("enum");
            if (!values.isArray() || values.isEmpty()) {
                throw new TemplateConfigException(at + ": enum must be a non-empty list of allowed values");
            }
            enumValues = new ArrayList<>();
            for (JsonNode value : values) {
                enumValues.add(JSON.treeToValue(value, Object.class));
            }
        }
        String description = optionalText(node, "description", at);
        TemplateParameter withoutDefault = new TemplateParameter(name, type, description, enumValues, minimum,
                maximum, maxLength, pattern, format, items, false, null);
        if (enumValues != null) {
            for (Object value : enumValues) {
                String problem = withoutDefault.problem(value);
                if (problem != null) {
                    throw new TemplateConfigException(at + ": enum value " + TemplateParameter.Json.shown(value) + " "
                            + problem.replaceFirst("^must be one of .*", "is not allowed"));
                }
            }
        }
        if (!node.has("default")) {
            return withoutDefault;
        }
        Object defaultValue = JSON.treeToValue(node.get("default"), Object.class);
        String problem = withoutDefault.problem(defaultValue);
        if (problem != null) {
            throw new TemplateConfigException(at + ": the default " + problem);
        }
        return new TemplateParameter(name, type, description, enumValues, minimum, maximum, maxLength, pattern,
                format, items, true, defaultValue);
    }

    private static void checkKeys(JsonNode node, Set<String> known, String where, String expected) {
        if (node == null || !node.isObject()) {
            throw new TemplateConfigException(where + ": expected " + expected);
        }
        for (String key : node.propertyNames()) {
            if (!known.contains(key)) {
                throw new TemplateConfigException(where + ": unknown key '" + key + "'; known keys: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    private static void onlyFor(JsonNode node, String key, boolean allowed, String at, String types) {
        if (node.has(key) && !allowed) {
            throw new TemplateConfigException(at + ": " + key + " applies only to " + types + " parameters");
        }
    }

    private static String requiredText(JsonNode node, String key, String where) {
        String value = optionalText(node, key, where);
        if (value == null || value.isBlank()) {
            throw new TemplateConfigException(where + ": " + key + " is required");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new TemplateConfigException(where + ": " + key + " must be text, was " + value);
        }
        return value.asString();
    }

    private static BigDecimal number(JsonNode node, String key, String at) {
        JsonNode value = node.get(key);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw new TemplateConfigException(at + ": " + key + " must be a number, was " + value);
        }
        return value.decimalValue();
    }
}
