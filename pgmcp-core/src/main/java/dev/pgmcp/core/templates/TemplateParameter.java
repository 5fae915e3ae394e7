package dev.pgmcp.core.templates;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.json.JsonMapper;

/**
 * One parameter of a query template: a name and a JSON Schema for one value, limited to a subset
 * pgmcp checks itself: {@code type}, {@code enum}, {@code minimum}/{@code maximum},
 * {@code maxLength}, {@code pattern}, {@code format} (date, date-time, uuid), {@code items} and
 * {@code default}.
 *
 * @param name         the argument name ({@code [a-z][a-z0-9_]*}); null for the items of an array
 * @param type         the JSON type
 * @param description  shown to the agent, or null
 * @param enumValues   the allowed values, or null
 * @param minimum      the smallest allowed number, or null
 * @param maximum      the largest allowed number, or null
 * @param maxLength    the longest allowed string in characters, or null
 * @param pattern      a regular expression the string must contain a match of (JSON Schema semantics), or null
 * @param format       the string's format, or null
 * @param items        the schema of each element of an array, or null
 * @param hasDefault   whether the argument may be left out
 * @param defaultValue its value then
 */
public record TemplateParameter(String name, Type type, String description, List<Object> enumValues,
                                BigDecimal minimum, BigDecimal maximum, Integer maxLength, Pattern pattern,
                                Format format, TemplateParameter items, boolean hasDefault, Object defaultValue) {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The JSON types a parameter may have. */
    public enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN, ARRAY;

        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The string formats pgmcp checks. */
    public enum Format {
        DATE("date"), DATE_TIME("date-time"), UUID("uuid");

        private final String jsonName;

        Format(String jsonName) {
            this.jsonName = jsonName;
        }

        public String jsonName() {
            return jsonName;
        }
    }

    public TemplateParameter {
        enumValues = enumValues == null ? null : List.copyOf(enumValues);
    }

    /** This parameter's JSON Schema, as offered in the tool's input schema. */
    public Map<String, Object> jsonSchema() {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", type.jsonName());
        if (description != null) {
            schema.put("description", description);
        }
        if (enumValues != null) {
            schema.put("enum", enumValues);
        }
        if (minimum != null) {
            schema.put("minimum", minimum);
        }
        if (maximum != null) {
            schema.put("maximum", maximum);
        }
        if (maxLength != null) {
            schema.put("maxLength", maxLength);
        }
        if (pattern != null) {
            schema.put("pattern", pattern.pattern());
        }
        if (format != null) {
            schema.put("format", format.jsonName());
        }
        if (items != null) {
            schema.put("items", items.jsonSchema());
        }
        if (hasDefault) {
            schema.put("default", defaultValue);
        }
        return schema;
    }

    /**
     * Checks a value against this schema.
     *
     * @return what is wrong, to follow "argument 'x' ", for example {@code must be at most 100, got 500}; null when valid
     */
    public String problem(Object value) {
        String typeProblem = typeProblem(value);
        if (typeProblem != null) {
            return typeProblem;
        }
        if (enumValues != null && enumValues.stream().noneMatch(allowed -> sameValue(allowed, value))) {
            return "must be one of " + Json.write(enumValues) + ", got " + Json.shown(value);
        }
        if (value instanceof Number number) {
            BigDecimal decimal = new BigDecimal(number.toString());
            if (minimum != null && decimal.compareTo(minimum) < 0) {
                return "must be at least " + minimum.toPlainString() + ", got " + Json.shown(value);
            }
            if (maximum != null && decimal.compareTo(maximum) > 0) {
                return "must be at most " + maximum.toPlainString() + ", got " + Json.shown(value);
            }
        }
        if (value instanceof String s) {
            if (maxLength != null && s.codePointCount(0, s.length()) > maxLength) {
                return "must be at most " + maxLength + " characters long";
            }
            if (pattern != null && !pattern.matcher(s).find()) {
                return "must match the pattern " + pattern.pattern() + ", got " + Json.shown(value);
            }
            if (format != null && !hasFormat(s)) {
                return "must be a " + format.jsonName() + " (" + example(format) + "), got " + Json.shown(value);
            }
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String itemProblem = items.problem(list.get(i));
                if (itemProblem != null) {
                    return "element " + (i + 1) + " " + itemProblem;
                }
            }
        }
        return null;
    }

    private String typeProblem(Object value) {
        boolean matches = switch (type) {
            case STRING -> value instanceof String;
            case BOOLEAN -> value instanceof Boolean;
            case NUMBER -> value instanceof Number;
            case INTEGER -> isInteger(value);
            case ARRAY -> value instanceof List;
        };
        if (matches) {
            return null;
        }
        String article = type == Type.INTEGER || type == Type.ARRAY ? "an " : "a ";
        return "must be " + article + type.jsonName() + ", got " + Json.shown(value);
    }

    static boolean isInteger(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short
                || value instanceof BigInteger) {
            return true;
        }
        if (value instanceof Number n && !(value instanceof Double d && (d.isNaN() || d.isInfinite()))
                && !(value instanceof Float f && (f.isNaN() || f.isInfinite()))) {
            return new BigDecimal(n.toString()).stripTrailingZeros().scale() <= 0;
        }
        return false;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
        }
        return a != null && a.equals(b);
    }

    private boolean hasFormat(String s) {
        try {
            switch (format) {
                case DATE -> LocalDate.parse(s);
                case DATE_TIME -> OffsetDateTime.parse(s);
                case UUID -> {
                    return UUID.matcher(s).matches();
                }
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String example(Format format) {
        return switch (format) {
            case DATE -> "for example 2024-05-31";
            case DATE_TIME -> "RFC 3339, for example 2024-05-31T13:45:00Z";
            case UUID -> "for example a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
        };
    }

    /** Values as JSON text, for messages. */
    static final class Json {
        private static final JsonMapper MAPPER = JsonMapper.builder().build();

        private Json() {
        }

        static String write(Object value) {
            return MAPPER.writeValueAsString(value instanceof List<?> l ? new ArrayList<>(l) : value);
        }

        static String shown(Object value) {
            String json = write(value);
            return json.length() > 60 ? json.substring(0, 57) + "..." : json;
        }
    }
}
