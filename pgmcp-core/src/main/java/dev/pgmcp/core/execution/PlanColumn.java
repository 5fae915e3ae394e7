package dev.pgmcp.core.execution;

/**
 * A column of a relation whose value the plan reads and uses: in the result, a condition, a sort
 * or group key, a join, or an argument. {@link #WHOLE_ROW} stands for a whole-row reference
 * ({@code t.*}, as in {@code row_to_json(t)}), which reads every column.
 *
 * @param schema the relation's schema
 * @param table  the relation's name
 * @param column the column's name, or {@link #WHOLE_ROW}
 */
public record PlanColumn(String schema, String table, String column) {

    /** The column name used for a whole-row reference. */
    public static final String WHOLE_ROW = "*";

    public boolean isWholeRow() {
        return WHOLE_ROW.equals(column);
    }
}
