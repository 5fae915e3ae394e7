package dev.pgmcp.core.values;

import java.sql.ResultSet;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Chooses, once per result column, how to turn PostgreSQL values into JSON values. The mapping
 * (documented in docs/type-mapping.md):
 * <ul>
 *   <li>smallint, integer, bigint, oid: JSON numbers; real, double precision: numbers, with
 *       NaN and ±Infinity as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}</li>
 *   <li>numeric: a string with every digit, since JSON readers often parse numbers as doubles</li>
 *   <li>boolean: true/false; json and jsonb: the JSON value itself</li>
 *   <li>timestamp with time zone: ISO-8601 in UTC ({@code 2024-05-01T10:00:00Z});
 *       timestamp: ISO-8601 without zone; date, time, interval: PostgreSQL's text</li>
 *   <li>bytea: PostgreSQL hex form {@code \x...}; arrays: JSON arrays (nested for several dimensions)</li>
 *   <li>everything else (text, uuid, enums, ranges, geometric types, ...): PostgreSQL's text output</li>
 *   <li>SQL NULL: JSON null</li>
 * </ul>
 */
public final class ColumnReaders {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ColumnReaders() {
    }

    /** The reader for a column of the given internal type name ({@code int4}, {@code _text}, ...). */
    public static ColumnReader forType(String typeName) {
        String name = typeName == null ? "" : typeName;
        if (name.startsWith("_")) {
            String elementType = name.substring(1);
            Function<String, Object> element = elementFromText(elementType);
            char delimiter = elementType.equals("box") ? ';' : ',';
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
        return switch (name) {
            case "bool" -> (rs, i) -> nullIfWasNull(rs, rs.getBoolean(i));
            case "int2", "int4" -> (rs, i) -> nullIfWasNull(rs, rs.getInt(i));
            case "int8", "oid" -> (rs, i) -> nullIfWasNull(rs, rs.getLong(i));
            case "float4", "float8" -> (rs, i) -> {
                String text = rs.getString(i);
                return text == null ? null : floatValue(text);
            };
            case "json", "jsonb" -> (rs, i) -> {
                String text = rs.getString(i);
                return text == null ? null : json(text);
            };
            case "bytea" -> (rs, i) -> {
                byte[] bytes = rs.getBytes(i);
                return bytes == null ? null : PgText.bytea(bytes);
            };
            case "timestamptz" -> (rs, i) -> {
                String text = rs.getString(i);
                return text == null ? null : PgText.timestamptz(text);
            };
            case "timestamp" -> (rs, i) -> {
                String text = rs.getString(i);
                return text == null ? null : PgText.timestamp(text);
            };
            default -> ResultSet::getString;
        };
    }

    private static Function<String, Object> elementFromText(String elementType) {
        return switch (elementType) {
            case "bool" -> text -> text.equals("t") || text.equals("true");
            case "int2", "int4", "int8", "oid" -> text -> {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    return text;
                }
            };
            case "float4", "float8" -> ColumnReaders::floatValue;
            case "json", "jsonb" -> ColumnReaders::json;
            case "timestamptz" -> PgText::timestamptz;
            case "timestamp" -> PgText::timestamp;
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
