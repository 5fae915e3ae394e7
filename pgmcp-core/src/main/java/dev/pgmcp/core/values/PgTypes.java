package dev.pgmcp.core.values;

import java.util.Map;

/** SQL spellings of PostgreSQL's internal type names, as {@code format_type} would print them. */
public final class PgTypes {

    private static final Map<String, String> SQL_NAMES = Map.ofEntries(
            Map.entry("int2", "smallint"),
            Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"),
            Map.entry("float4", "real"),
            Map.entry("float8", "double precision"),
            Map.entry("bool", "boolean"),
            Map.entry("varchar", "character varying"),
            Map.entry("bpchar", "character"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timetz", "time with time zone"),
            Map.entry("time", "time without time zone"),
            Map.entry("varbit", "bit varying"),
            Map.entry("serial", "integer"),
            Map.entry("bigserial", "bigint"));

    private PgTypes() {
    }

    /** {@code int4} becomes {@code integer}, {@code _text} becomes {@code text[]}; other names stay. */
    public static String sqlName(String internalName) {
        if (internalName == null) {
            return "unknown";
        }
        String name = internalName.startsWith("\"") && internalName.endsWith("\"") && internalName.length() > 1
                ? internalName.substring(1, internalName.length() - 1) : internalName;
        if (name.startsWith("_")) {
            return sqlName(name.substring(1)) + "[]";
        }
        return SQL_NAMES.getOrDefault(name, name);
    }
}
