package dev.pgmcp.policy.profile;

import dev.pgmcp.core.connection.DatabasePool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog facts the profile policies need, read once at start-up in one read-only transaction:
 * every schema, every relation with its root parent (partitions and inheritance children map to
 * the top of their hierarchy) and its columns, the volatility of every function name, type names,
 * and the search path. A policy that meets a relation or function unknown here (created after the
 * facts were read) asks for a {@link #refreshInBackground() refresh}, which never blocks a query
 * (a query holds a pool connection; waiting for a second one could starve the pool).
 */
public final class PolicyCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyCatalog.class);

    /** A relation as the policies see it. */
    public record Relation(String schema, String name, char kind, String rootSchema, String rootName,
                           List<String> columns) {

        public Relation {
            columns = List.copyOf(columns);
        }

        public boolean isView() {
            return kind == 'v';
        }
    }

    private record Facts(Set<String> schemas, Map<String, Relation> relations, Map<String, Boolean> volatileByName,
                         Map<String, Boolean> volatileByQualifiedName, Map<String, List<String>> functionSchemas,
                         Set<String> typeNames, List<String> searchPath, long loadedAtNanos) {
    }

    private static final String RELATIONS = """
            WITH RECURSIVE up(child, ancestor) AS (
                SELECT inhrelid, inhparent FROM pg_catalog.pg_inherits
                UNION
                SELECT up.child, i.inhparent FROM up JOIN pg_catalog.pg_inherits i ON i.inhrelid = up.ancestor
            ), roots AS (
                SELECT child, ancestor FROM up
                WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhrelid = up.ancestor)
            )
            SELECT n.nspname, c.relname, c.relkind,
                   coalesce(rn.nspname, n.nspname), coalesce(r.relname, c.relname),
                   ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN (SELECT DISTINCT ON (child) child, ancestor FROM roots ORDER BY child, ancestor) root
                   ON root.child = c.oid
            LEFT JOIN pg_catalog.pg_class r ON r.oid = root.ancestor
            LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """;

    private static final String FUNCTIONS = """
            SELECT n.nspname, p.proname, bool_or(p.provolatile = 'v')
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            GROUP BY 1, 2
            """;

    private final DatabasePool pool;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Facts facts;

    private PolicyCatalog(DatabasePool pool, Facts facts) {
        this.pool = pool;
        this.facts = facts;
    }

    /**
     * Reads the facts.
     *
     * @throws SQLException when the catalog cannot be read
     */
    public static PolicyCatalog load(DatabasePool pool) throws SQLException {
        return new PolicyCatalog(pool, read(pool));
    }

    private static Facts read(DatabasePool pool) throws SQLException {
        try (Connection connection = pool.borrow()) {
            try (Statement st = connection.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                st.setFetchSize(2000);
                Set<String> schemas = new HashSet<>();
                try (ResultSet rs = st.executeQuery("SELECT nspname FROM pg_catalog.pg_namespace")) {
                    while (rs.next()) {
                        schemas.add(rs.getString(1));
                    }
                }
                Map<String, Relation> relations = new HashMap<>();
                try (ResultSet rs = st.executeQuery(RELATIONS)) {
                    while (rs.next()) {
                        String[] columns = (String[]) rs.getArray(6).getArray();
                        Relation relation = new Relation(rs.getString(1), rs.getString(2), rs.getString(3).charAt(0),
                                rs.getString(4), rs.getString(5), List.of(columns));
                        relations.put(key(relation.schema(), relation.name()), relation);
                    }
                }
                Map<String, Boolean> byName = new HashMap<>();
                Map<String, Boolean> byQualifiedName = new HashMap<>();
                Map<String, List<String>> functionSchemas = new HashMap<>();
                try (ResultSet rs = st.executeQuery(FUNCTIONS)) {
                    while (rs.next()) {
                        boolean isVolatile = rs.getBoolean(3);
                        byName.merge(rs.getString(2), isVolatile, Boolean::logicalOr);
                        byQualifiedName.put(key(rs.getString(1), rs.getString(2)), isVolatile);
                        functionSchemas.computeIfAbsent(rs.getString(2), n -> new ArrayList<>()).add(rs.getString(1));
                    }
                }
                Set<String> types = new HashSet<>();
                try (ResultSet rs = st.executeQuery("SELECT DISTINCT typname FROM pg_catalog.pg_type")) {
                    while (rs.next()) {
                        types.add(rs.getString(1));
                    }
                }
                List<String> searchPath = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT unnest(current_schemas(true))")) {
                    while (rs.next()) {
                        searchPath.add(rs.getString(1));
                    }
                }
                Map<String, List<String>> schemasByFunction = new HashMap<>();
                functionSchemas.forEach((function, inSchemas) -> schemasByFunction.put(function,
                        List.copyOf(new java.util.LinkedHashSet<>(inSchemas))));
                return new Facts(Set.copyOf(schemas), Map.copyOf(relations), Map.copyOf(byName),
                        Map.copyOf(byQualifiedName), Map.copyOf(schemasByFunction), Set.copyOf(types),
                        List.copyOf(searchPath), System.nanoTime());
            } finally {
                connection.rollback();
            }
        }
    }

    /** Reads the facts again on another thread, unless a refresh is already running. */
    public void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                facts = read(pool);
            } catch (SQLException | RuntimeException e) {
                LOG.warn("refreshing the policy catalog failed: {}", e.getMessage());
            } finally {
                refreshing.set(false);
            }
        });
    }

    /** Reads the facts again now; for start-up and tests, never while holding a pool connection. */
    public void refresh() throws SQLException {
        facts = read(pool);
    }

    public Set<String> schemas() {
        return facts.schemas();
    }

    public java.util.Collection<Relation> relations() {
        return facts.relations().values();
    }

    public Optional<Relation> relation(String schema, String name) {
        return Optional.ofNullable(facts.relations().get(key(schema, name)));
    }

    /** Resolves an unqualified relation name the way PostgreSQL does, through the search path. */
    public Optional<Relation> resolve(String name) {
        Facts current = facts;
        for (String schema : current.searchPath()) {
            Relation relation = current.relations().get(key(schema, name));
            if (relation != null) {
                return Optional.of(relation);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a function is VOLATILE: with a schema, that schema's functions of that name; without,
     * any function of that name (an overload that is volatile counts). Empty when no function has the name.
     */
    public Optional<Boolean> isVolatile(String schema, String name) {
        Facts current = facts;
        Boolean value = schema != null ? current.volatileByQualifiedName().get(key(schema, name))
                : current.volatileByName().get(name);
        return Optional.ofNullable(value);
    }

    /** Every function as {schema, name}, for checking configured names. */
    public List<String[]> functionNames() {
        return facts.volatileByQualifiedName().keySet().stream().map(k -> k.split("\u0000", 2)).toList();
    }

    /** The schemas that hold a function of this name; empty when none does. */
    public List<String> schemasOfFunction(String name) {
        return facts.functionSchemas().getOrDefault(name, List.of());
    }

    /** True when some function, in any schema, has this name. */
    public boolean isFunction(String name) {
        return facts.volatileByName().containsKey(name);
    }

    /** True when some type has this name: a name before a parenthesis may be a type modifier or a cast. */
    public boolean isType(String name) {
        return facts.typeNames().contains(name);
    }

    /** When the facts were read, from {@link System#nanoTime()}. */
    public long loadedAtNanos() {
        return facts.loadedAtNanos();
    }

    private static String key(String schema, String name) {
        return schema + "\u0000" + name;
    }
}
