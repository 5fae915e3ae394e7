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
 */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, boolean truncated,
                          String truncationReason, int rowLimit) {

    public QueryResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }

    public int rowCount() {
        return rows.size();
    }
}
