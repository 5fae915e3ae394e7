package dev.pgmcp.core.values;

import java.util.HashMap;
import java.util.Map;
import org.postgresql.core.Oid;

/**
 * PostgreSQL types by OID: the built-in types pgmcp knows without asking the catalog, and SQL
 * spellings of internal type names. Names are those {@code format_type(oid, NULL)} prints, so a
 * type known here and a type looked up in the catalog are reported alike.
 */
public final class PgTypes {

    /**
     * What a result column's type is, as far as naming and reading it goes.
     *
     * @param sqlName   the name {@code format_type(oid, NULL)} prints
     * @param readOid   the type whose reader applies: the type itself, or its base type for a domain;
     *                  for an array, the element type (or the element domain's base type)
     * @param array     true for an array type
     * @param delimiter the array's element delimiter ({@code ;} for box, else {@code ,})
     */
    record TypeFacts(String sqlName, int readOid, boolean array, char delimiter) {

        ColumnReader reader() {
            return array ? ColumnReaders.array(readOid, delimiter) : ColumnReaders.scalar(readOid);
        }
    }

    private static final Map<Integer, TypeFacts> BUILTIN = new HashMap<>();
    private static final Map<String, String> SQL_NAMES = new HashMap<>();

    static {
        builtin(Oid.BOOL, Oid.BOOL_ARRAY, "bool", "boolean");
        builtin(Oid.BYTEA, Oid.BYTEA_ARRAY, "bytea", "bytea");
        builtin(Oid.CHAR, Oid.CHAR_ARRAY, "char", "\"char\"");
        builtin(Oid.NAME, Oid.NAME_ARRAY, "name", "name");
        builtin(Oid.INT8, Oid.INT8_ARRAY, "int8", "bigint");
        builtin(Oid.INT2, Oid.INT2_ARRAY, "int2", "smallint");
        builtin(Oid.INT4, Oid.INT4_ARRAY, "int4", "integer");
        builtin(Oid.TEXT, Oid.TEXT_ARRAY, "text", "text");
        builtin(Oid.OID, Oid.OID_ARRAY, "oid", "oid");
        builtin(Oid.JSON, Oid.JSON_ARRAY, "json", "json");
        builtin(Oid.XML, Oid.XML_ARRAY, "xml", "xml");
        builtin(Oid.POINT, Oid.POINT_ARRAY, "point", "point");
        builtin(Oid.BOX, Oid.BOX_ARRAY, "box", "box");
        builtin(Oid.CIDR, 651, "cidr", "cidr");
        builtin(Oid.FLOAT4, Oid.FLOAT4_ARRAY, "float4", "real");
        builtin(Oid.FLOAT8, Oid.FLOAT8_ARRAY, "float8", "double precision");
        builtin(Oid.MONEY, Oid.MONEY_ARRAY, "money", "money");
        builtin(Oid.MACADDR, 1040, "macaddr", "macaddr");
        builtin(Oid.INET, 1041, "inet", "inet");
        builtin(Oid.BPCHAR, Oid.BPCHAR_ARRAY, "bpchar", "character");
        builtin(Oid.VARCHAR, Oid.VARCHAR_ARRAY, "varchar", "character varying");
        builtin(Oid.DATE, Oid.DATE_ARRAY, "date", "date");
        builtin(Oid.TIME, Oid.TIME_ARRAY, "time", "time without time zone");
        builtin(Oid.TIMESTAMP, Oid.TIMESTAMP_ARRAY, "timestamp", "timestamp without time zone");
        builtin(Oid.TIMESTAMPTZ, Oid.TIMESTAMPTZ_ARRAY, "timestamptz", "timestamp with time zone");
        builtin(Oid.INTERVAL, Oid.INTERVAL_ARRAY, "interval", "interval");
        builtin(Oid.TIMETZ, Oid.TIMETZ_ARRAY, "timetz", "time with time zone");
        builtin(Oid.BIT, Oid.BIT_ARRAY, "bit", "bit");
        builtin(Oid.VARBIT, Oid.VARBIT_ARRAY, "varbit", "bit varying");
        builtin(Oid.NUMERIC, Oid.NUMERIC_ARRAY, "numeric", "numeric");
        builtin(Oid.UUID, Oid.UUID_ARRAY, "uuid", "uuid");
        builtin(Oid.JSONB, Oid.JSONB_ARRAY, "jsonb", "jsonb");
    }

    private PgTypes() {
    }

    private static void builtin(int oid, int arrayOid, String internalName, String sqlName) {
        BUILTIN.put(oid, new TypeFacts(sqlName, oid, false, ','));
        BUILTIN.put(arrayOid, new TypeFacts(sqlName + "[]", oid, true, oid == Oid.BOX ? ';' : ','));
        SQL_NAMES.put(internalName, sqlName);
    }

    /** A built-in type (or array of one) known without the catalog, or null. */
    static TypeFacts builtin(int oid) {
        return BUILTIN.get(oid);
    }

    /** The OIDs {@link #builtin(int)} knows, for checking the table against a real server. */
    static Map<Integer, TypeFacts> builtins() {
        return Map.copyOf(BUILTIN);
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
