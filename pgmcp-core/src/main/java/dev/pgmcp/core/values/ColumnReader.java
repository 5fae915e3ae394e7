package dev.pgmcp.core.values;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads one column of the current row as a JSON-ready value: null, Boolean, Long, Integer, Double,
 * String, a Jackson {@code JsonNode} (json, jsonb) or a List (arrays).
 */
@FunctionalInterface
public interface ColumnReader {
    Object read(ResultSet rs, int column) throws SQLException;
}
