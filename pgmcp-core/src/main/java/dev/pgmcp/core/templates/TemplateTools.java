package dev.pgmcp.core.templates;

import dev.pgmcp.core.execution.ParameterCoercion;
import dev.pgmcp.core.execution.QueryException;
import dev.pgmcp.core.execution.SafeExecutor;
import dev.pgmcp.core.tools.PgmcpTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * Turns validated templates into tools, after checking each against the database: its SQL must
 * prepare (so that a typo fails at start-up with PostgreSQL's message), and the type PostgreSQL
 * infers for each placeholder must accept every value the parameter's schema admits.
 */
public final class TemplateTools {

    /** Types that hold any text, so that numbers and booleans fit as well. */
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar", "name", "citext");

    private TemplateTools() {
    }

    /**
     * Checks the templates against the database and builds their tools.
     *
     * @throws TemplateConfigException with a problem for each template that does not prepare or whose
     *                                 types do not match
     */
    public static List<PgmcpTool> create(List<QueryTemplate> templates, SafeExecutor executor) {
        List<PgmcpTool> tools = new ArrayList<>(templates.size());
        List<String> problems = new ArrayList<>();
        for (QueryTemplate template : templates) {
            try {
                check(template, executor);
                tools.add(new QueryTemplateTool(template, executor));
            } catch (TemplateConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateConfigException(problems);
        }
        return tools;
    }

    private static void check(QueryTemplate template, SafeExecutor executor) {
        String where = "template '" + template.name() + "'";
        SortedMap<Integer, String> types;
        try {
            types = executor.parameterTypes(template.sql());
        } catch (QueryException e) {
            throw new TemplateConfigException(where + ": the sql does not prepare in the database: "
                    + e.toAgentMessage().replace('\n', ' '));
        }
        for (int number = 1; number <= template.parameters().size(); number++) {
            TemplateParameter parameter = template.parameters().get(number - 1);
            String pgType = types.get(number);
            if (!fits(parameter, pgType)) {
                throw new TemplateConfigException(where + ": parameter '" + parameter.name() + "' ($" + number
                        + ") is declared as " + describe(parameter) + ", but PostgreSQL infers "
                        + ParameterCoercion.typeName(pgType) + " for $" + number + "; declare type: "
                        + suggestion(pgType) + ", or cast the placeholder in the sql (for example $" + number
                        + "::text)");
            }
        }
    }

    /** Whether every value the schema admits can be coerced to {@code pgType}. */
    static boolean fits(TemplateParameter parameter, String pgTypeName) {
        String pgType = ParameterCoercion.unquote(pgTypeName);
        ParameterCoercion.Kind kind = ParameterCoercion.Kind.of(pgType);
        if (kind == ParameterCoercion.Kind.JSON) {
            return true;
        }
        boolean text = TEXT_TYPES.contains(pgType);
        return switch (parameter.type()) {
            case INTEGER -> text || kind == ParameterCoercion.Kind.INTEGER || kind == ParameterCoercion.Kind.NUMERIC
                    || kind == ParameterCoercion.Kind.FLOAT;
            case NUMBER -> text || kind == ParameterCoercion.Kind.NUMERIC || kind == ParameterCoercion.Kind.FLOAT;
            case BOOLEAN -> text || kind == ParameterCoercion.Kind.BOOLEAN;
            case STRING -> kind == ParameterCoercion.Kind.TEXT_PARSED && (parameter.format() == null || text
                    || switch (parameter.format()) {
                        case DATE, DATE_TIME -> Set.of("date", "timestamp", "timestamptz").contains(pgType);
                        case UUID -> pgType.equals("uuid");
                    });
            case ARRAY -> kind == ParameterCoercion.Kind.ARRAY && fits(parameter.items(), pgType.substring(1));
        };
    }

    private static String describe(TemplateParameter parameter) {
        String type = parameter.type().jsonName();
        if (parameter.format() != null) {
            type += " (format " + parameter.format().jsonName() + ")";
        }
        if (parameter.items() != null) {
            type += " of " + describe(parameter.items());
        }
        return type;
    }

    private static String suggestion(String pgType) {
        return switch (ParameterCoercion.Kind.of(pgType)) {
            case INTEGER -> "integer";
            case NUMERIC, FLOAT -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            default -> "string";
        };
    }
}
