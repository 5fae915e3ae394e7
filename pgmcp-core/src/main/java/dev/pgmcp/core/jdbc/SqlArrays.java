package dev.pgmcp.core.jdbc;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/** Reading SQL arrays returned by pgmcp's own catalog queries. */
public final class SqlArrays {

    private SqlArrays() {
    }

    /** The elements as strings; empty for SQL NULL. */
    public static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
