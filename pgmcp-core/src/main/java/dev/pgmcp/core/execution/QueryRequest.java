package dev.pgmcp.core.execution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One query to run.
 *
 * @param sql            the statement, exactly as the agent wrote it
 * @param params         values for {@code $1..$n}: strings, numbers, booleans, null, or JSON objects and arrays
 * @param maxRows        rows wanted, or null for the configured default
 * @param parameterNames names of {@code $1..$n} for messages (a query template's parameter names), or empty
 */
public record QueryRequest(String sql, List<Object> params, Integer maxRows, List<String> parameterNames) {

    public QueryRequest {
        Objects.requireNonNull(sql, "sql");
        params = params == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(params));
        parameterNames = parameterNames == null ? List.of() : List.copyOf(parameterNames);
    }

    public QueryRequest(String sql, List<Object> params, Integer maxRows) {
        this(sql, params, maxRows, List.of());
    }

    public static QueryRequest of(String sql, Object... params) {
        return new QueryRequest(sql, java.util.Arrays.asList(params), null);
    }

    /** How messages name parameter {@code number}: {@code $2}, or {@code 'limit' ($2)} when it has a name. */
    public String parameterLabel(int number) {
        return number <= parameterNames.size() ? "'" + parameterNames.get(number - 1) + "' ($" + number + ")"
                : "$" + number;
    }
}
