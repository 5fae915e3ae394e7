package dev.pgmcp.core.values;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.postgresql.jdbc.PgResultSet;

/**
 * The type name and reader of each column of a result, chosen by the type OID that PostgreSQL
 * sends, never by the driver's type name: pgjdbc names an integer column with a sequence default
 * {@code serial}, and a type outside the search path {@code "ff"."mood"}.
 * <p>
 * Built-in types are known without a round trip ({@link PgTypes}); other types (enums, domains'
 * arrays, ranges, composites, rarer built-ins) are looked up in one catalog query per result, in
 * the caller's transaction. A column's name is {@code format_type(oid, NULL)}: SQL spelling for
 * built-ins, and for other types the schema only when the type is not visible on the search path,
 * each part quoted only where SQL needs it ({@code sales.order_status}, {@code "Analytics"."Level"}).
 * PostgreSQL sends a domain column as its base type; an array of a domain is read by the domain's
 * base type.
 */
public final class ColumnTypes {

    /** A result column's reported type and how its values are read. */
    public record ColumnType(String name, ColumnReader reader) {
    }

    // Arrays are recognised as PostgreSQL's own array types are: varlena, an element type, and the
    // underscore name (int2vector and oidvector have an element type but are not arrays).
    private static final String LOOKUP = """
            WITH RECURSIVE requested AS (
                SELECT t.oid, pg_catalog.format_type(t.oid, NULL) AS name,
                       (t.typelem <> 0 AND t.typlen = -1
                        AND pg_catalog.substr(t.typname::pg_catalog.text, 1, 1) = '_') AS is_array,
                       t.typelem
                FROM pg_catalog.pg_type t
                WHERE t.oid = ANY (?::pg_catalog.oid[])
            ), base AS (
                SELECT r.oid AS requested, ty.oid, ty.typbasetype, ty.typdelim, 0 AS depth
                FROM requested r
                JOIN pg_catalog.pg_type ty ON ty.oid = CASE WHEN r.is_array THEN r.typelem ELSE r.oid END
                UNION ALL
                SELECT b.requested, ty.oid, ty.typbasetype, ty.typdelim, b.depth + 1
                FROM base b JOIN pg_catalog.pg_type ty ON ty.oid = b.typbasetype
                WHERE b.depth < 32
            )
            SELECT r.oid, r.name, r.is_array, b.oid AS base, b.typdelim
            FROM requested r JOIN base b ON b.requested = r.oid AND b.typbasetype = 0""";

    private ColumnTypes() {
    }

    /**
     * @param connection the connection {@code rs} came from, still in the query's transaction
     * @param rs         a pgjdbc result set (possibly behind a pool's proxy)
     */
    public static List<ColumnType> of(Connection connection, ResultSet rs) throws SQLException {
        PgResultSet pg = rs.unwrap(PgResultSet.class);
        int count = rs.getMetaData().getColumnCount();
        int[] oids = new int[count];
        Map<Integer, PgTypes.TypeFacts> facts = new HashMap<>();
        TreeSet<Integer> unknown = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            oids[i] = pg.getColumnOID(i + 1);
            PgTypes.TypeFacts builtin = PgTypes.builtin(oids[i]);
            if (builtin != null) {
                facts.put(oids[i], builtin);
            } else {
                unknown.add(oids[i]);
            }
        }
        if (!unknown.isEmpty()) {
            facts.putAll(lookUp(connection, unknown));
        }
        List<ColumnType> types = new ArrayList<>(count);
        for (int oid : oids) {
            // A type dropped since the query was planned: its values as PostgreSQL's text.
            PgTypes.TypeFacts type = facts.getOrDefault(oid, new PgTypes.TypeFacts("unknown", 0, false, ','));
            types.add(new ColumnType(type.sqlName(), type.reader()));
        }
        return types;
    }

    private static Map<Integer, PgTypes.TypeFacts> lookUp(Connection connection, TreeSet<Integer> oids)
            throws SQLException {
        Map<Integer, PgTypes.TypeFacts> found = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(LOOKUP)) {
            // pgjdbc holds an OID as a signed int; PostgreSQL's OIDs are unsigned.
            ps.setString(1, oids.stream().map(Integer::toUnsignedString).collect(Collectors.joining(",", "{", "}")));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String delimiter = rs.getString(5);
                    found.put((int) rs.getLong(1), new PgTypes.TypeFacts(rs.getString(2), (int) rs.getLong(4),
                            rs.getBoolean(3), delimiter == null || delimiter.isEmpty() ? ',' : delimiter.charAt(0)));
                }
            }
        }
        return found;
    }
}
