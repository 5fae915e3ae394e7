package dev.pgmcp.core.templates;

import java.util.List;
import java.util.Objects;

/**
 * A named query from the configuration, offered to agents as its own tool.
 *
 * @param name        the tool name ({@code [a-z0-9_-]}, at most 64 characters)
 * @param title       a human-readable title, or null
 * @param description what the query answers, shown to the agent
 * @param sql         one read-only query with placeholders {@code $1..$n}
 * @param parameters  the values of {@code $1..$n}, in that order
 * @param maxRows     the row cap of this query, or null for the server's default
 */
public record QueryTemplate(String name, String title, String description, String sql,
                            List<TemplateParameter> parameters, Integer maxRows) {

    public QueryTemplate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(sql, "sql");
        parameters = List.copyOf(parameters);
    }

    /** The parameter names in {@code $1..$n} order. */
    public List<String> parameterNames() {
        return parameters.stream().map(TemplateParameter::name).toList();
    }
}
