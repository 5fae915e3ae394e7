package dev.pgmcp.policy.profile;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What type names stand for, as the text checks need it: the current database (the first part of a
 * three-part name may be it), the types that behave like an OID alias type ({@code regclass} itself, its
 * array {@code _regclass}, domains over either), and the relation behind each type whose values are rows
 * of a relation (the row type {@code employees}, its array {@code _employees}, domains over them).
 *
 * @param database       {@code current_database()}
 * @param oidAliasByType per type name (any schema), the OID alias type its values are made of
 * @param rowTypes       per type ({@link PolicyCatalog#key schema and name}), the relation whose rows its values are
 * @param rowTypeNames   the names of those types
 */
record TypeFacts(String database, Map<String, String> oidAliasByType, Map<String, String[]> rowTypes,
                 java.util.Set<String> rowTypeNames) {

    static final TypeFacts NONE = new TypeFacts("", Map.of(), Map.of(), java.util.Set.of());

    private static final String OID_ALIAS_TYPES = """
            WITH RECURSIVE alias(oid, name) AS (
                SELECT t.oid, t.typname::text FROM pg_catalog.pg_type t
                WHERE t.typnamespace = 'pg_catalog'::pg_catalog.regnamespace AND t.typname IN ('regclass',
                      'regcollation', 'regconfig', 'regdictionary', 'regnamespace', 'regoper', 'regoperator',
                      'regproc', 'regprocedure', 'regrole', 'regtype')
                UNION
                SELECT t.oid, a.name FROM alias a JOIN pg_catalog.pg_type t
                    ON (t.typtype = 'd' AND t.typbasetype = a.oid)
                    OR t.oid = (SELECT e.typarray FROM pg_catalog.pg_type e WHERE e.oid = a.oid)
            )
            SELECT DISTINCT t.typname, a.name FROM alias a JOIN pg_catalog.pg_type t ON t.oid = a.oid
            """;

    /** Types whose values are rows of a relation: the row type, arrays of it and domains over either, recursively. */
    private static final String ROW_TYPES = """
            WITH RECURSIVE under(oid, element) AS (
                SELECT t.oid, t.oid FROM pg_catalog.pg_type t
                UNION
                SELECT u.oid, CASE WHEN e.typtype = 'd' THEN e.typbasetype ELSE e.typelem END
                FROM under u JOIN pg_catalog.pg_type e ON e.oid = u.element
                WHERE e.typrelid = 0 AND (e.typtype = 'd'
                      OR (e.typelem <> 0 AND e.typsubscript = 'pg_catalog.array_subscript_handler'::pg_catalog.regproc))
            )
            SELECT tn.nspname, t.typname, rn.nspname, c.relname
            FROM under u JOIN pg_catalog.pg_type t ON t.oid = u.oid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
            JOIN pg_catalog.pg_type e ON e.oid = u.element
            JOIN pg_catalog.pg_class c ON c.oid = e.typrelid
            JOIN pg_catalog.pg_namespace rn ON rn.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """;

    /** Reads the facts in the caller's (read-only) transaction. */
    static TypeFacts read(Statement st) throws SQLException {
        String database;
        try (ResultSet rs = st.executeQuery("SELECT pg_catalog.current_database()")) {
            rs.next();
            database = rs.getString(1);
        }
        Map<String, String> aliases = new HashMap<>();
        try (ResultSet rs = st.executeQuery(OID_ALIAS_TYPES)) {
            while (rs.next()) {
                aliases.put(rs.getString(1), rs.getString(2));
            }
        }
        Map<String, String[]> rows = new HashMap<>();
        java.util.Set<String> rowNames = new java.util.HashSet<>();
        try (ResultSet rs = st.executeQuery(ROW_TYPES)) {
            while (rs.next()) {
                rowNames.add(rs.getString(2));
                rows.put(PolicyCatalog.key(rs.getString(1), rs.getString(2)),
                        new String[] {rs.getString(3), rs.getString(4)});
            }
        }
        return new TypeFacts(database, Map.copyOf(aliases), Map.copyOf(rows), java.util.Set.copyOf(rowNames));
    }

    /** The OID alias type that values of a type of this name are made of, if any. */
    Optional<String> oidAlias(String typeName) {
        return Optional.ofNullable(oidAliasByType.get(typeName));
    }

    /**
     * The relation whose rows the values of the type are: qualified by {@code schema}, or the first type of the name
     * on the search path, as PostgreSQL resolves type names.
     */
    Optional<String[]> rowRelation(String schema, String typeName, List<String> searchPath) {
        if (schema != null) {
            return Optional.ofNullable(rowTypes.get(PolicyCatalog.key(schema, typeName)));
        }
        for (String onPath : searchPath) {
            String[] relation = rowTypes.get(PolicyCatalog.key(onPath, typeName));
            if (relation != null) {
                return Optional.of(relation);
            }
        }
        return Optional.empty();
    }
}
