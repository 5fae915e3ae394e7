package dev.pgmcp.core.execution;

import java.util.List;

/**
 * The rows of a query, possibly cut short.
 *
 * @param columns          columns in order
 * @param rows             each row's values in column order, JSON-ready (see {@code ColumnReaders})
 * @param truncated        true when more rows existed than were returned
 * @param truncationReason why the result was cut ({@code max_rows} or {@code max_result_bytes}), or null
 * @param rowLimit         the row limit that applied to this call
 * @param analysis         how the query model was built ({@code calcite} or {@code postgres}), or null
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, boolean truncated,
                          String truncationReason, int rowLimit, String analysis) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public QueryResult(List<ResultColumn> columns, List<List<Object>> rows, boolean truncated,
                       String truncationReason, int rowLimit) {
        this(columns, rows, truncated, truncationReason, rowLimit, null);
    }

    /** The same rows, with the analysis path recorded. */
    public QueryResult withAnalysis(String path) {
        return new QueryResult(columns, rows, truncated, truncationReason, rowLimit, path);
    }

    public int rowCount() {
        return rows.size();
    }
}
