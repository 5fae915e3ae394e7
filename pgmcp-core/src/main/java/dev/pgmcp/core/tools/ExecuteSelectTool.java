package dev.pgmcp.core.tools;

import static dev.pgmcp.core.tools.JsonSchemas.array;
import static dev.pgmcp.core.tools.JsonSchemas.bool;
import static dev.pgmcp.core.tools.JsonSchemas.minimumInteger;
import static dev.pgmcp.core.tools.JsonSchemas.nullableString;
import static dev.pgmcp.core.tools.JsonSchemas.object;
import static dev.pgmcp.core.tools.JsonSchemas.openObject;
import static dev.pgmcp.core.tools.JsonSchemas.ordered;
import static dev.pgmcp.core.tools.JsonSchemas.plainInteger;
import static dev.pgmcp.core.tools.JsonSchemas.props;
import static dev.pgmcp.core.tools.JsonSchemas.string;

import dev.pgmcp.core.execution.QueryException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.execution.ResultColumn;
import dev.pgmcp.core.execution.SafeExecutor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code execute_select}: runs one read-only query through every layer of the read-only guarantee. */
public final class ExecuteSelectTool implements PgmcpTool {

    public static final String NAME = "execute_select";

    /** The JSON Schema of a query result: {@code {columns, rows, row_count, truncated, truncation_reason}}. */
    public static Map<String, Object> outputSchema() {
        return openObject(props(
            "columns", array(object(props("name", string(null), "type", string(null)),
                    List.of("name", "type"))),
            "rows", array(ordered("type", "array")),
            "row_count", plainInteger(),
            "truncated", bool(),
            "truncation_reason", nullableString(),
            "analysis", ordered("type", "string", "enum", List.of("calcite", "postgres"))),
            List.of("columns", "rows", "row_count", "truncated"));
    }

    private final SafeExecutor executor;
    private final ToolDefinition definition;

    public ExecuteSelectTool(SafeExecutor executor) {
        this.executor = executor;
        // The same definition for every policy profile (the HTTP host lists one per name); the
        // profile's default and ceiling of max_rows are applied, and explained, by the executor.
        this.definition = new ToolDefinition(NAME, "Run a read-only SQL query",
                "Run one read-only PostgreSQL query (SELECT, WITH, VALUES or TABLE) and return its rows. "
                        + "Pass values as params for $1, $2, ... Rows are capped at max_rows (the server sets a "
                        + "default and a ceiling); truncated=true means more rows exist.",
                object(props(
                        "sql", string("One PostgreSQL query"),
                        "params", ordered("type", "array", "description", "Values for $1, $2, ..."),
                        "max_rows", minimumInteger("Most rows to return", 1)), List.of("sql")),
                outputSchema());
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments) throws ToolException {
        arguments.allowOnly(Set.of("sql", "params", "max_rows"));
        QueryRequest request = new QueryRequest(arguments.requiredString("sql"), arguments.optionalList("params"),
                arguments.optionalInteger("max_rows"));
        QueryResult result;
        try {
            result = executor.execute(request);
        } catch (QueryException e) {
            throw new ToolException(e.toAgentMessage());
        }
        return toToolResult(result);
    }

    /** A query result as a tool answer: the compact text table and the structured result. */
    public static ToolResult toToolResult(QueryResult result) {
        return new ToolResult(render(result), structured(result));
    }

    private static Map<String, Object> structured(QueryResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> columns = new ArrayList<>();
        for (ResultColumn column : result.columns()) {
            columns.add(ordered("name", column.name(), "type", column.type()));
        }
        out.put("columns", columns);
        out.put("rows", result.rows());
        out.put("row_count", result.rowCount());
        out.put("truncated", result.truncated());
        out.put("truncation_reason", result.truncationReason());
        if (result.analysis() != null) {
            out.put("analysis", result.analysis());
        }
        return out;
    }

    /** A compact table: a header line, one line per row, cells separated by " | ", then a summary line. */
    static String render(QueryResult result) {
        StringBuilder text = new StringBuilder();
        List<ResultColumn> columns = result.columns();
        for (int i = 0; i < columns.size(); i++) {
            text.append(i == 0 ? "" : " | ").append(columns.get(i).name());
        }
        text.append('\n');
        for (List<Object> row : result.rows()) {
            for (int i = 0; i < row.size(); i++) {
                text.append(i == 0 ? "" : " | ").append(TextValues.cell(row.get(i)));
            }
            text.append('\n');
        }
        text.append('(').append(result.rowCount()).append(result.rowCount() == 1 ? " row" : " rows");
        if (result.truncated()) {
            if ("max_rows".equals(result.truncationReason())) {
                text.append("; TRUNCATED at max_rows=").append(result.rowLimit())
                        .append(": more rows exist. Add WHERE/LIMIT, aggregate, or raise max_rows");
            } else {
                text.append("; TRUNCATED: the result reached the size limit. Select fewer or narrower columns, "
                        + "or fewer rows");
            }
        }
        return text.append(')').toString();
    }
}
