package dev.pgmcp.core.execution;

import dev.pgmcp.core.values.PgTypes;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one JSON parameter value into the text PostgreSQL reads for the type it inferred for the
 * placeholder, or refuses it with a message that names the parameter and the type. The text is
 * always bound as a parameter value, never put into SQL.
 * <ul>
 *   <li>integer types take JSON integers (or strings holding one) within the type's range;</li>
 *   <li>{@code numeric}, {@code real} and {@code double precision} take JSON numbers or numeric strings;</li>
 *   <li>{@code boolean} takes true/false (or the strings "true"/"false");</li>
 *   <li>{@code json}/{@code jsonb} take any JSON value; a string is read as JSON text;</li>
 *   <li>array types take JSON arrays whose elements follow these rules for the element type (or a
 *       string in PostgreSQL's array syntax);</li>
 *   <li>every other type (text, date, timestamp, uuid, interval, enums, ...) takes a string, number or
 *       boolean, and PostgreSQL, the authority on its own input syntax, parses it;</li>
 *   <li>null is SQL NULL for every type.</li>
 * </ul>
 */
public final class ParameterCoercion {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern SPECIAL_FLOAT = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");
    private static final Map<String, long[]> INTEGER_RANGES = Map.of(
            "int2", new long[] {Short.MIN_VALUE, Short.MAX_VALUE},
            "int4", new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE},
            "int8", new long[] {Long.MIN_VALUE, Long.MAX_VALUE});

    private ParameterCoercion() {
    }

    /** The kinds of value handling, by PostgreSQL type name (as pgjdbc reports it, e.g. {@code int4}, {@code _text}). */
    public enum Kind {
        INTEGER, NUMERIC, FLOAT, BOOLEAN, JSON, ARRAY, TEXT_PARSED;

        public static Kind of(String pgType) {
            String type = unquote(pgType);
            if (type.startsWith("_")) {
                return ARRAY;
            }
            return switch (type) {
                case "int2", "int4", "int8" -> INTEGER;
                case "numeric" -> NUMERIC;
                case "float4", "float8" -> FLOAT;
                case "bool" -> BOOLEAN;
                case "json", "jsonb" -> JSON;
                default -> TEXT_PARSED;
            };
        }
    }

    /**
     * Coerces {@code value} for a placeholder of type {@code pgType}.
     *
     * @param label how the agent knows the parameter, for example {@code $2} or {@code 'limit' ($2)}
     * @return the text to bind, or null for SQL NULL
     * @throws QueryRefusedException when the value cannot be of that type
     */
    public static String coerce(Object value, String pgType, String label) throws QueryRefusedException {
        if (value == null) {
            return null;
        }
        String type = unquote(pgType);
        return switch (Kind.of(type)) {
            case INTEGER -> integer(value, type, label);
            case NUMERIC -> number(value, type, label, false);
            case FLOAT -> number(value, type, label, true);
            case BOOLEAN -> bool(value, type, label);
            case JSON -> value instanceof String s ? s : JSON.writeValueAsString(value);
            case ARRAY -> array(value, type, label);
            case TEXT_PARSED -> scalarText(value, type, label);
        };
    }

    /** The SQL spelling of a type for messages: {@code int4} becomes {@code integer}. */
    public static String typeName(String pgType) {
        return PgTypes.sqlName(unquote(pgType));
    }

    private static String integer(Object value, String type, String label) throws QueryRefusedException {
        BigInteger number = null;
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            number = BigInteger.valueOf(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            number = big;
        } else if (value instanceof Number n && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))) {
            BigDecimal decimal = new BigDecimal(n.toString());
            if (decimal.stripTrailingZeros().scale() <= 0) {
                number = decimal.toBigIntegerExact();
            }
        } else if (value instanceof String s && INTEGER.matcher(s.strip()).matches()) {
            number = new BigInteger(s.strip());
        }
        String expected = "an integer";
        long[] range = INTEGER_RANGES.get(type);
        if (number != null && (number.compareTo(BigInteger.valueOf(range[0])) < 0
                || number.compareTo(BigInteger.valueOf(range[1])) > 0)) {
            expected = "an integer between " + range[0] + " and " + range[1];
            number = null;
        }
        if (number == null) {
            throw mismatch(label, expected, type, value, "Send a whole number" + (expected.length() > 10
                    ? " in that range." : ", for example 10."));
        }
        return number.toString();
    }

    private static String number(Object value, String type, String label, boolean floating)
            throws QueryRefusedException {
        if (value instanceof Number n && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))
                && !(value instanceof Float f && (f.isNaN() || f.isInfinite()))) {
            return value instanceof BigDecimal || value instanceof BigInteger ? n.toString()
                    : new BigDecimal(n.toString()).toString();
        }
        if (value instanceof String s) {
            String text = s.strip();
            if (SPECIAL_FLOAT.matcher(text).matches()) {
                return text;
            }
            try {
                new BigDecimal(text);
                return text;
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        throw mismatch(label, "a number", type, value, "Send a JSON number, for example 12.5.");
    }

    private static String bool(Object value, String type, String label) throws QueryRefusedException {
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof String s && (s.strip().equalsIgnoreCase("true") || s.strip().equalsIgnoreCase("false"))) {
            return s.strip().toLowerCase(Locale.ROOT);
        }
        throw mismatch(label, "true or false", type, value, "Send a JSON boolean.");
    }

    private static String scalarText(Object value, String type, String label) throws QueryRefusedException {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw mismatch(label, "a single value", type, value, "Send a string, number or boolean; to pass JSON, "
                + "cast the placeholder in SQL (for example $1::jsonb).");
    }

    private static String array(Object value, String type, String label) throws QueryRefusedException {
        if (value instanceof String s) {
            return s;
        }
        if (!(value instanceof List<?> list)) {
            throw mismatch(label, "an array", type, value, "Send a JSON array, for example [1, 2, 3].");
        }
        String elementType = type.substring(1);
        StringBuilder literal = new StringBuilder();
        appendArray(literal, list, elementType, label);
        return literal.toString();
    }

    /** Writes PostgreSQL's array input syntax, every element double-quoted and escaped, nested lists as dimensions. */
    private static void appendArray(StringBuilder out, List<?> list, String elementType, String label)
            throws QueryRefusedException {
        out.append('{');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object element = list.get(i);
            if (element instanceof List<?> nested && Kind.of(elementType) != Kind.JSON) {
                appendArray(out, nested, elementType, label);
                continue;
            }
            String text = coerce(element, elementType, label + " element " + (i + 1));
            if (text == null) {
                out.append("NULL");
            } else {
                out.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        out.append('}');
    }

    private static QueryRefusedException mismatch(String label, String expected, String type, Object value,
                                                  String hint) {
        return new QueryRefusedException(Layer.INPUT, "parameter-type", "parameter " + label + " must be "
                + expected + " (PostgreSQL infers " + typeName(type) + " for it), got " + shown(value) + ".", hint);
    }

    /** The value as JSON, shortened so that a huge value does not flood the message. */
    static String shown(Object value) {
        String json = JSON.writeValueAsString(value);
        return json.length() > 60 ? json.substring(0, 57) + "..." : json;
    }

    /** The bare type name: quotes and a schema qualification removed ({@code "sales"."_status"} becomes {@code _status}). */
    public static String unquote(String pgType) {
        if (pgType == null) {
            return "unknown";
        }
        int qualified = pgType.lastIndexOf("\".\"");
        if (qualified >= 0) {
            pgType = pgType.substring(qualified + 2);
        }
        return pgType.length() > 1 && pgType.startsWith("\"") && pgType.endsWith("\"")
                ? pgType.substring(1, pgType.length() - 1) : pgType;
    }
}
