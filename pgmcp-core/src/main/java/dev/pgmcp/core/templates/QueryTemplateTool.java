package dev.pgmcp.core.templates;

import dev.pgmcp.core.execution.QueryException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.SafeExecutor;
import dev.pgmcp.core.tools.ExecuteSelectTool;
import dev.pgmcp.core.tools.PgmcpTool;
import dev.pgmcp.core.tools.ToolArguments;
import dev.pgmcp.core.tools.ToolDefinition;
import dev.pgmcp.core.tools.ToolException;
import dev.pgmcp.core.tools.ToolResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link QueryTemplate} as a tool: the arguments are checked against the parameters' schemas,
 * then bound, always as parameters, to the template's SQL, which runs through the
 * {@link SafeExecutor} with every layer in force. The answer has the shape of {@code execute_select}'s.
 */
public final class QueryTemplateTool implements PgmcpTool {

    private final QueryTemplate template;
    private final SafeExecutor executor;
    private final ToolDefinition definition;
    private final Set<String> argumentNames;

    public QueryTemplateTool(QueryTemplate template, SafeExecutor executor) {
        this.template = template;
        this.executor = executor;
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (TemplateParameter parameter : template.parameters()) {
            properties.put(parameter.name(), parameter.jsonSchema());
            if (!parameter.hasDefault()) {
                required.add(parameter.name());
            }
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("type", "object");
        input.put("properties", properties);
        if (!required.isEmpty()) {
            input.put("required", required);
        }
        input.put("additionalProperties", false);
        String title = template.title() != null ? template.title() : template.description();
        this.definition = new ToolDefinition(template.name(), title, template.description(), input,
                ExecuteSelectTool.outputSchema());
        this.argumentNames = new LinkedHashSet<>(template.parameterNames());
    }

    public QueryTemplate template() {
        return template;
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments) throws ToolException {
        arguments.allowOnly(argumentNames);
        List<Object> values = new ArrayList<>(template.parameters().size());
        for (TemplateParameter parameter : template.parameters()) {
            Object value;
            if (arguments.has(parameter.name())) {
                value = arguments.raw(parameter.name());
            } else if (parameter.hasDefault()) {
                value = parameter.defaultValue();
            } else {
                throw new ToolException(template.name() + ": argument '" + parameter.name() + "' is required");
            }
            String problem = parameter.problem(value);
            if (problem != null) {
                throw new ToolException(template.name() + ": argument '" + parameter.name() + "' " + problem);
            }
            values.add(value);
        }
        try {
            return ExecuteSelectTool.toToolResult(executor.execute(
                    new QueryRequest(template.sql(), values, template.maxRows(), template.parameterNames())));
        } catch (QueryException e) {
            throw new ToolException(template.name() + ": " + e.toAgentMessage());
        }
    }
}
