package dev.pgmcp.core.values;

import java.sql.ResultSet;
import java.util.function.Function;
import org.postgresql.core.Oid;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses, once per result column and by type OID (never by name), how to turn PostgreSQL values
 * into JSON values. The mapping (documented in docs/type-mapping.md):
 * <ul>
 *   <li>smallint, integer, bigint (serial types included), oid: JSON numbers; real, double
 *       precision: numbers, with NaN and ±Infinity as the strings {@code "NaN"}, {@code "Infinity"},
 *       {@code "-Infinity"}</li>
 *   <li>numeric: a string with every digit, since JSON readers often parse numbers as doubles</li>
 *   <li>boolean: true/false; json and jsonb: the JSON value itself</li>
 *   <li>timestamp with time zone: ISO-8601 in UTC ({@code 2024-05-01T10:00:00Z});
 *       timestamp: ISO-8601 without zone; date, time, interval: PostgreSQL's text</li>
 *   <li>bytea: PostgreSQL hex form {@code \x...}; arrays: JSON arrays (nested for several dimensions)</li>
 *   <li>everything else (text, uuid, enums, ranges, geometric types, ...): PostgreSQL's text output</li>
 *   <li>domains: as their base type (PostgreSQL sends the base type; {@link ColumnTypes} resolves the
 *       base type of an array's domain elements)</li>
 *   <li>SQL NULL: JSON null</li>
 * </ul>
 */
public final class ColumnReaders {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ColumnReaders() {
    }

    /** The reader for a column of the scalar type {@code oid} (a domain's base type, as PostgreSQL sends it). */
    public static ColumnReader scalar(int oid) {
        return switch (oid) {
            case Oid.BOOL -> (rs, i) -> nullIfWasNull(rs, rs.getBoolean(i));
            case Oid.INT2, Oid.INT4 -> (rs, i) -> nullIfWasNull(rs, rs.getInt(i));
            case Oid.INT8, Oid.OID -> (rs, i) -> nullIfWasNull(rs, rs.getLong(i));
            case Oid.FLOAT4, Oid.FLOAT8 -> fromText(ColumnReaders::floatValue);
            case Oid.JSON, Oid.JSONB -> fromText(ColumnReaders::json);
            case Oid.BYTEA -> (rs, i) -> {
                byte[] bytes = rs.getBytes(i);
                return bytes == null ? null : PgText.bytea(bytes);
            };
            case Oid.TIMESTAMPTZ -> fromText(PgText::timestamptz);
            case Oid.TIMESTAMP -> fromText(PgText::timestamp);
            default -> ResultSet::getString;
        };
    }

    /**
     * The reader for an array column.
     *
     * @param elementOid the element type's OID; for an array of a domain, the domain's base type
     * @param delimiter  the element type's delimiter ({@code ;} for box, else {@code ,})
     */
    public static ColumnReader array(int elementOid, char delimiter) {
        Function<String, Object> element = elementFromText(elementOid);
        return (rs, i) -> {
            String text = rs.getString(i);
            if (text == null) {
                return null;
            }
            try {
                return PgArrayParser.parse(text, delimiter, element);
            } catch (IllegalArgumentException e) {
                return text;
            }
        };
    }

    private static ColumnReader fromText(Function<String, Object> convert) {
        return (rs, i) -> {
            String text = rs.getString(i);
            return text == null ? null : convert.apply(text);
        };
    }

    private static Function<String, Object> elementFromText(int elementOid) {
        return switch (elementOid) {
            case Oid.BOOL -> text -> text.equals("t") || text.equals("true");
            case Oid.INT2, Oid.INT4, Oid.INT8, Oid.OID -> text -> {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    return text;
                }
            };
            case Oid.FLOAT4, Oid.FLOAT8 -> ColumnReaders::floatValue;
            case Oid.JSON, Oid.JSONB -> ColumnReaders::json;
            case Oid.TIMESTAMPTZ -> PgText::timestamptz;
            case Oid.TIMESTAMP -> PgText::timestamp;
            default -> text -> text;
        };
    }

    private static Object floatValue(String text) {
        return switch (text) {
            case "NaN", "Infinity", "-Infinity" -> text;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield text;
                }
            }
        };
    }

    private static Object json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            return text;
        }
    }

    private static Object nullIfWasNull(ResultSet rs, Object value) throws java.sql.SQLException {
        return rs.wasNull() ? null : value;
    }
}
