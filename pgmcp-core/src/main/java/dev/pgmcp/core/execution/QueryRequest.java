package dev.pgmcp.core.execution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One call of {@code execute_select}.
 *
 * @param sql     the statement, exactly as the agent wrote it
 * @param params  values for {@code $1..$n}: strings, numbers, booleans, null, or JSON objects and arrays
 * @param maxRows rows wanted, or null for the configured default
 */
public record QueryRequest(String sql, List<Object> params, Integer maxRows) {

    public QueryRequest {
        Objects.requireNonNull(sql, "sql");
        params = params == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(params));
    }

    public static QueryRequest of(String sql, Object... params) {
        return new QueryRequest(sql, java.util.Arrays.asList(params), null);
    }
}
