package dev.pgmcp.core.catalog;

import static dev.pgmcp.core.jdbc.SqlArrays.strings;

import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.execution.RoleSwitch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads schemas, relations and table details from {@code pg_catalog}, showing only what the
 * role may read. Each read runs in its own read-only transaction, which is rolled back. A reader
 * for a profile's role switches to it first ({@link RoleSwitch}, as the profile's queries do), so
 * that the privilege checks below ({@code has_schema_privilege}, {@code has_any_column_privilege},
 * {@code has_column_privilege}) and the search path are the profile role's, not the login role's.
 */
public final class CatalogReader {

    /** Schemas pgmcp never lists: PostgreSQL's own. */
    private static final String USER_SCHEMA = "n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)' AND has_schema_privilege(n.oid, 'USAGE')";

    private static final String READABLE_RELATION = "c.relkind IN ('r', 'v', 'm', 'p', 'f') "
            + "AND has_any_column_privilege(c.oid, 'SELECT')";

    private static final String SCHEMAS = "SELECT n.nspname, d.description, "
            + "(SELECT count(*) FROM pg_catalog.pg_class c WHERE c.relnamespace = n.oid AND NOT c.relispartition AND "
            + READABLE_RELATION + ") "
            + "FROM pg_catalog.pg_namespace n "
            + "LEFT JOIN pg_catalog.pg_description d ON d.objoid = n.oid "
            + "AND d.classoid = 'pg_catalog.pg_namespace'::regclass AND d.objsubid = 0 "
            + "WHERE " + USER_SCHEMA + " ORDER BY n.nspname";

    private static final String RELATIONS = "SELECT c.oid, n.nspname, c.relname, c.relkind, "
            + "CASE WHEN c.relkind = 'p' THEN (SELECT sum(greatest(p.reltuples, 0))::bigint "
            + "  FROM pg_catalog.pg_partition_tree(c.oid) t JOIN pg_catalog.pg_class p ON p.oid = t.relid WHERE t.isleaf) "
            + "WHEN c.relkind IN ('r', 'm', 'f') AND c.reltuples >= 0 THEN c.reltuples::bigint END, "
            + "d.description, c.relispartition "
            + "FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid "
            + "AND d.classoid = 'pg_catalog.pg_class'::regclass AND d.objsubid = 0 "
            + "WHERE " + USER_SCHEMA + " AND " + READABLE_RELATION + " ORDER BY n.nspname, c.relname";

    private static final String RELATION_BY_OID = RELATIONS.replace(" ORDER BY n.nspname, c.relname", " AND c.oid = ?");

    private static final String SEARCH_PATH = "SELECT pg_catalog.current_schemas(false)";

    private static final String COLUMNS = "SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), "
            + "a.attnotnull, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attgenerated, a.attidentity, "
            + "pg_catalog.col_description(a.attrelid, a.attnum), "
            + "pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT') "
            + "FROM pg_catalog.pg_attribute a "
            + "LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
            + "WHERE a.attrelid = ? AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    private static final String COLUMN_NAMES = "ARRAY(SELECT a.attname FROM unnest(%s) WITH ORDINALITY k(num, ord) "
            + "JOIN pg_catalog.pg_attribute a ON a.attrelid = %s AND a.attnum = k.num ORDER BY k.ord)";

    private static final String CONSTRAINTS = "SELECT con.conname, con.contype, "
            + String.format(COLUMN_NAMES, "con.conkey", "con.conrelid") + ", "
            + "CASE WHEN con.contype = 'f' THEN pg_catalog.format('%I.%I', rn.nspname, r.relname) END, "
            + "CASE WHEN con.contype = 'f' THEN " + String.format(COLUMN_NAMES, "con.confkey", "con.confrelid") + " END, "
            + "pg_catalog.pg_get_constraintdef(con.oid, true) "
            + "FROM pg_catalog.pg_constraint con "
            + "LEFT JOIN pg_catalog.pg_class r ON r.oid = con.confrelid "
            + "LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace "
            + "WHERE con.conrelid = ? AND con.contype IN ('p', 'u', 'f', 'c') AND con.conparentid = 0 "
            + "ORDER BY con.contype, con.conname";

    private static final String REFERENCED_BY = "SELECT con.conname, pg_catalog.format('%I.%I', n.nspname, c.relname), "
            + String.format(COLUMN_NAMES, "con.conkey", "con.conrelid") + ", "
            + String.format(COLUMN_NAMES, "con.confkey", "con.confrelid") + " "
            + "FROM pg_catalog.pg_constraint con "
            + "JOIN pg_catalog.pg_class c ON c.oid = con.conrelid "
            + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE con.confrelid = ? AND con.contype = 'f' AND con.conparentid = 0 "
            + "ORDER BY 2, con.conname";

    private static final String INDEXES = "SELECT i.relname, pg_catalog.pg_get_indexdef(x.indexrelid), "
            + "x.indisunique, x.indisprimary FROM pg_catalog.pg_index x "
            + "JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = ? ORDER BY NOT x.indisprimary, i.relname";

    private static final String PARTITIONS = "SELECT pg_catalog.pg_get_partkeydef(?), "
            + "(SELECT count(*) FROM pg_catalog.pg_inherits WHERE inhparent = ?), "
            + "ARRAY(SELECT pg_catalog.format('%I.%I', pn.nspname, p.relname) || ' ' "
            + "  || pg_catalog.pg_get_expr(p.relpartbound, p.oid) "
            + "  FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class p ON p.oid = h.inhrelid "
            + "  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace "
            + "  WHERE h.inhparent = ? ORDER BY p.relname LIMIT ?)";

    private static final String PARENT = "SELECT pg_catalog.format('%I.%I', pn.nspname, p.relname), "
            + "pg_catalog.pg_get_expr(c.relpartbound, c.oid) FROM pg_catalog.pg_class c "
            + "JOIN pg_catalog.pg_inherits h ON h.inhrelid = c.oid JOIN pg_catalog.pg_class p ON p.oid = h.inhparent "
            + "JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace WHERE c.oid = ? AND c.relispartition";

    private static final String VIEW_DEFINITION = "SELECT pg_catalog.pg_get_viewdef(?::oid, true)";

    private static final int PARTITIONS_SHOWN = 10;
    private static final int VIEW_DEFINITION_LIMIT = 4000;

    private final DatabasePool pool;
    private final Duration statementTimeout;
    private final RoleSwitch roleSwitch;

    /** A reader that reads as the login role. */
    public CatalogReader(DatabasePool pool, Duration statementTimeout) {
        this(pool, statementTimeout, null);
    }

    /**
     * @param role the profile role to read as ({@code SET LOCAL ROLE} in each read's transaction), or
     *             null for the login role
     */
    public CatalogReader(DatabasePool pool, Duration statementTimeout, String role) {
        this.pool = pool;
        this.statementTimeout = statementTimeout;
        this.roleSwitch = RoleSwitch.to(role);
    }

    public List<SchemaInfo> schemas() throws SQLException {
        return inTransaction(connection -> {
            List<SchemaInfo> schemas = new ArrayList<>();
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SCHEMAS)) {
                while (rs.next()) {
                    schemas.add(new SchemaInfo(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
            return schemas;
        });
    }

    /** Every readable relation (partitions flagged), with the role's search path. */
    public Relations relations() throws SQLException {
        return inTransaction(connection -> {
            List<RelationSummary> relations = new ArrayList<>();
            try (Statement st = connection.createStatement()) {
                st.setFetchSize(2000);
                try (ResultSet rs = st.executeQuery(RELATIONS)) {
                    while (rs.next()) {
                        relations.add(relation(rs));
                    }
                }
            }
            List<String> searchPath;
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(SEARCH_PATH)) {
                rs.next();
                searchPath = strings(rs.getArray(1));
            }
            return new Relations(relations, searchPath);
        });
    }

    /** All readable relations and the schemas of the search path, in order. */
    public record Relations(List<RelationSummary> all, List<String> searchPath) {
        public Relations {
            all = List.copyOf(all);
            searchPath = List.copyOf(searchPath);
        }
    }

    /** Full description of one relation, or empty when it is gone or not readable. */
    public Optional<TableDescription> describe(long oid) throws SQLException {
        return inTransaction(connection -> {
            RelationSummary relation;
            try (PreparedStatement ps = connection.prepareStatement(RELATION_BY_OID)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    relation = relation(rs);
                }
            }
            List<TableDescription.Column> columns = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String expression = rs.getString(4);
                        String generated = rs.getString(5);
                        String identity = rs.getString(6);
                        if (generated != null && generated.equals("s")) {
                            expression = "GENERATED ALWAYS AS (" + expression + ") STORED";
                        } else if (identity != null && !identity.isEmpty()) {
                            expression = identity.equals("a") ? "GENERATED ALWAYS AS IDENTITY"
                                    : "GENERATED BY DEFAULT AS IDENTITY";
                        }
                        columns.add(new TableDescription.Column(rs.getString(1), rs.getString(2), !rs.getBoolean(3),
                                expression, rs.getString(7), rs.getBoolean(8)));
                    }
                }
            }
            List<String> primaryKey = List.of();
            List<TableDescription.ForeignKey> foreignKeys = new ArrayList<>();
            List<List<String>> uniqueKeys = new ArrayList<>();
            List<String> checks = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(CONSTRAINTS)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> keyColumns = strings(rs.getArray(3));
                        switch (rs.getString(2)) {
                            case "p" -> primaryKey = keyColumns;
                            case "u" -> uniqueKeys.add(keyColumns);
                            case "f" -> foreignKeys.add(new TableDescription.ForeignKey(rs.getString(1),
                                    rs.getString(4), keyColumns, strings(rs.getArray(5))));
                            default -> checks.add(rs.getString(6));
                        }
                    }
                }
            }
            List<TableDescription.ForeignKey> referencedBy = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(REFERENCED_BY)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        referencedBy.add(new TableDescription.ForeignKey(rs.getString(1), rs.getString(2),
                                strings(rs.getArray(3)), strings(rs.getArray(4))));
                    }
                }
            }
            List<TableDescription.Index> indexes = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement(INDEXES)) {
                ps.setLong(1, oid);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        indexes.add(new TableDescription.Index(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                                rs.getBoolean(4)));
                    }
                }
            }
            TableDescription.Partitioning partitioning = partitioning(connection, relation);
            String viewDefinition = null;
            if (relation.kind() == RelationKind.VIEW || relation.kind() == RelationKind.MATERIALIZED_VIEW) {
                try (PreparedStatement ps = connection.prepareStatement(VIEW_DEFINITION)) {
                    ps.setLong(1, oid);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next() && rs.getString(1) != null) {
                            viewDefinition = shorten(rs.getString(1).strip());
                        }
                    }
                }
            }
            return Optional.of(new TableDescription(relation, columns, primaryKey, foreignKeys, referencedBy,
                    uniqueKeys, checks, indexes, partitioning, viewDefinition));
        });
    }

    private TableDescription.Partitioning partitioning(Connection connection, RelationSummary relation)
            throws SQLException {
        if (relation.kind() == RelationKind.PARTITIONED_TABLE) {
            try (PreparedStatement ps = connection.prepareStatement(PARTITIONS)) {
                ps.setLong(1, relation.oid());
                ps.setLong(2, relation.oid());
                ps.setLong(3, relation.oid());
                ps.setInt(4, PARTITIONS_SHOWN);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new TableDescription.Partitioning(rs.getString(1), rs.getInt(2), strings(rs.getArray(3)),
                            null, null);
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(PARENT)) {
            ps.setLong(1, relation.oid());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new TableDescription.Partitioning(null, 0, List.of(), rs.getString(1), rs.getString(2));
                }
            }
        }
        return null;
    }

    private static RelationSummary relation(ResultSet rs) throws SQLException {
        long estimate = rs.getLong(5);
        Long rowEstimate = rs.wasNull() ? null : estimate;
        return new RelationSummary(rs.getLong(1), rs.getString(2), rs.getString(3), RelationKind.of(rs.getString(4)),
                rowEstimate, rs.getString(6), rs.getBoolean(7));
    }


    private static String shorten(String text) {
        return text.length() <= VIEW_DEFINITION_LIMIT ? text
                : text.substring(0, VIEW_DEFINITION_LIMIT) + " ... (shortened)";
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        try (Connection connection = pool.borrow()) {
            try {
                try (Statement setup = connection.createStatement()) {
                    setup.execute("SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = "
                            + statementTimeout.toMillis());
                }
                roleSwitch.apply(connection);
                return work.run(connection);
            } finally {
                connection.rollback();
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
