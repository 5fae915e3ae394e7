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

    /**
     * A function as the function policies see it.
     *
     * @param builtin         created by initdb (OID below 16384), so classified in the shipped table
     * @param extension       the extension the function belongs to, or null
     * @param securityDefiner runs with its owner's privileges
     */
    public record Function(long oid, String schema, String name, boolean builtin, String extension,
                           boolean securityDefiner, boolean isVolatile) {

        /** The name as written in messages and the shipped table: {@code name} in pg_catalog, else {@code schema.name}. */
        public String displayName() {
            return "pg_catalog".equals(schema) ? name : schema + "." + name;
        }
    }

    /**
     * An operator created after initdb, with a function it calls: its code, or its restriction or join
     * selectivity estimator (which the planner calls).
     *
     * @param left         the left operand's type OID, 0 for a prefix operator
     * @param right        the right operand's type OID
     * @param leftUntyped  an untyped constant may be its left operand: PostgreSQL resolves an unknown operand
     *                     to the other operand's type when an operator of the name takes that type on both sides,
     *                     and prefers string types for unknown operands otherwise, so an untyped constant
     *                     becomes the left operand only if the left type is a string type or no operator of the
     *                     name takes (right, right) for a right type of the string category
     * @param rightUntyped likewise for the right operand
     * @param bothUntyped  untyped constants may be both operands: with two, PostgreSQL takes string types at both
     *                     positions when an operator of the name takes (text, text), and then text, so only an
     *                     operator of (text, text) itself, or a name without such an operator, is reached so
     */
    public record Operator(String schema, String name, Function function, long left, long right,
                           boolean leftUntyped, boolean rightUntyped, boolean bothUntyped) {
    }

    private record Facts(Set<String> schemas, Map<String, Relation> relations, Map<String, Boolean> volatileByName,
                         Map<String, Boolean> volatileByQualifiedName, Map<String, List<String>> functionSchemas,
                         Set<String> typeNames, List<String> searchPath, long loadedAtNanos,
                         Map<String, List<Function>> functionsByName, Map<String, List<Operator>> operatorsByName,
                         Map<String, List<Function>> functionsOfType, Map<String, List<Function>> functionsOfRelation,
                         ImplicitCalls implicitCalls) {
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
            SELECT p.oid, n.nspname, p.proname, p.provolatile = 'v', p.prosecdef, e.extname
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 AND d.objid = p.oid AND d.deptype = 'e'
            LEFT JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
            """;

    /** Operators created after initdb: built-in operators call built-in functions. */
    private static final String OPERATORS = """
            SELECT n.nspname, o.oprname, f.fn, o.oprleft, o.oprright,
                   coalesce(lt.typcategory = 'S', false)
                       OR NOT (rt.typcategory = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_operator s
                               WHERE s.oprname = o.oprname AND s.oprleft = o.oprright AND s.oprright = o.oprright)),
                   rt.typcategory = 'S'
                       OR NOT (coalesce(lt.typcategory = 'S', false) AND EXISTS (SELECT 1 FROM pg_catalog.pg_operator s
                               WHERE s.oprname = o.oprname AND s.oprleft = o.oprleft AND s.oprright = o.oprleft)),
                   (o.oprleft = 'pg_catalog.text'::pg_catalog.regtype AND o.oprright = 'pg_catalog.text'::pg_catalog.regtype)
                       OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_operator s WHERE s.oprname = o.oprname
                                      AND s.oprleft = 'pg_catalog.text'::pg_catalog.regtype
                                      AND s.oprright = 'pg_catalog.text'::pg_catalog.regtype)
            FROM pg_catalog.pg_operator o JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
            CROSS JOIN LATERAL (VALUES (o.oprcode::oid), (o.oprrest::oid), (o.oprjoin::oid)) f(fn)
            LEFT JOIN pg_catalog.pg_type lt ON lt.oid = o.oprleft
            JOIN pg_catalog.pg_type rt ON rt.oid = o.oprright
            WHERE o.oid >= 16384 AND f.fn <> 0
            """;

    /**
     * The functions a type name can call when it is written in a cast: the CHECK constraints of a
     * domain and of the domains it is based on. (The functions of user casts are judged by
     * {@link ImplicitCalls#casts()}, from what may give a value of the cast's source type.) Dependencies on built-in (pinned) functions are not recorded by PostgreSQL,
     * and need not be: built-in functions other than the refused ones cannot act outside the transaction.
     */
    private static final String TYPE_FUNCTIONS = """
            WITH RECURSIVE domains(type, ancestor) AS (
                SELECT oid, oid FROM pg_catalog.pg_type WHERE typtype = 'd'
                UNION
                SELECT d.type, t.typbasetype FROM domains d JOIN pg_catalog.pg_type t ON t.oid = d.ancestor
                WHERE t.typtype = 'd'
            )
            SELECT t.typname, dep.refobjid
            FROM domains d JOIN pg_catalog.pg_type t ON t.oid = d.type
            JOIN pg_catalog.pg_constraint c ON c.contypid = d.ancestor
            JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                 AND dep.objid = c.oid AND dep.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
            """;

    /**
     * What reading a relation runs at plan time: the functions and operators of views (their rewrite
     * rules) and of row-level security policies, and the views a view reads (closed over in Java).
     */
    private static final String RELATION_DEPENDENCIES = """
            SELECT n.nspname, c.relname, dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass,
                   CASE WHEN dep.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass
                        THEN (SELECT o.oprcode::oid FROM pg_catalog.pg_operator o WHERE o.oid = dep.refobjid)
                        ELSE dep.refobjid END,
                   rn.nspname, rc.relname
            FROM pg_catalog.pg_depend dep
            LEFT JOIN pg_catalog.pg_rewrite r ON dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                 AND r.oid = dep.objid
            LEFT JOIN pg_catalog.pg_policy pol ON dep.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass
                 AND pol.oid = dep.objid
            JOIN pg_catalog.pg_class c ON c.oid = coalesce(r.ev_class, pol.polrelid)
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_class rc ON dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
                 AND rc.oid = dep.refobjid AND rc.relkind = 'v'
            LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
            WHERE dep.classid IN ('pg_catalog.pg_rewrite'::pg_catalog.regclass, 'pg_catalog.pg_policy'::pg_catalog.regclass)
              AND dep.refclassid IN ('pg_catalog.pg_proc'::pg_catalog.regclass,
                                     'pg_catalog.pg_operator'::pg_catalog.regclass,
                                     'pg_catalog.pg_class'::pg_catalog.regclass)
              AND dep.refobjid <> c.oid
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
        Snapshot snapshot = readSnapshot(pool);
        PolicyCatalog catalog = new PolicyCatalog(pool, snapshot.facts());
        catalog.publish(snapshot);
        return catalog;
    }

    /** Everything the catalog knows, read in one read-only transaction, so that the parts agree. */
    private record Snapshot(Facts facts, RelationSources sources, TypeFacts types) {
    }

    private static Snapshot readSnapshot(DatabasePool pool) throws SQLException {
        return inReadOnlyTransaction(pool,
                st -> new Snapshot(readFacts(st), RelationSources.read(st), TypeFacts.read(st)));
    }

    private void publish(Snapshot snapshot) {
        facts = snapshot.facts();
        sources = snapshot.sources();
        types = snapshot.types();
    }

    private static Facts readFacts(Statement st) throws SQLException {
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
        Map<Long, Function> functionsByOid = new HashMap<>();
        Map<String, List<Function>> functionsByName = new HashMap<>();
        try (ResultSet rs = st.executeQuery(FUNCTIONS)) {
            while (rs.next()) {
                long oid = rs.getLong(1);
                Function function = new Function(oid, rs.getString(2), rs.getString(3), oid < FIRST_NORMAL_OID,
                        rs.getString(6), rs.getBoolean(5), rs.getBoolean(4));
                functionsByOid.put(oid, function);
                functionsByName.computeIfAbsent(function.name(), n -> new ArrayList<>()).add(function);
                byName.merge(function.name(), function.isVolatile(), Boolean::logicalOr);
                byQualifiedName.merge(key(function.schema(), function.name()), function.isVolatile(),
                        Boolean::logicalOr);
                functionSchemas.computeIfAbsent(function.name(), n -> new ArrayList<>()).add(function.schema());
            }
        }
        Map<String, List<Operator>> operatorsByName = new HashMap<>();
        try (ResultSet rs = st.executeQuery(OPERATORS)) {
            while (rs.next()) {
                Function function = functionsByOid.get(rs.getLong(3));
                if (function != null) {
                    operatorsByName.computeIfAbsent(rs.getString(2), n -> new ArrayList<>())
                            .add(new Operator(rs.getString(1), rs.getString(2), function, rs.getLong(4),
                                    rs.getLong(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8)));
                }
            }
        }
        Map<String, List<Function>> functionsOfType = new HashMap<>();
        try (ResultSet rs = st.executeQuery(TYPE_FUNCTIONS)) {
            while (rs.next()) {
                Function function = functionsByOid.get(rs.getLong(2));
                if (function != null) {
                    functionsOfType.computeIfAbsent(rs.getString(1), n -> new ArrayList<>()).add(function);
                }
            }
        }
        Map<String, List<Function>> functionsOfRelation = relationFunctions(st, functionsByOid);
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
                List.copyOf(searchPath), System.nanoTime(), copy(functionsByName), copy(operatorsByName),
                copy(functionsOfType), copy(functionsOfRelation), ImplicitCalls.read(st, functionsByOid));
    }

    /** Functions, views and relations created by initdb have OIDs below this (FirstNormalObjectId). */
    public static final long FIRST_NORMAL_OID = 16384;

    /** Per relation, the functions reading it runs, through its views (closed over nested views) and RLS policies. */
    private static Map<String, List<Function>> relationFunctions(Statement st, Map<Long, Function> functionsByOid)
            throws SQLException {
        Map<String, Set<Function>> direct = new HashMap<>();
        Map<String, Set<String>> viewsRead = new HashMap<>();
        try (ResultSet rs = st.executeQuery(RELATION_DEPENDENCIES)) {
            while (rs.next()) {
                String relation = key(rs.getString(1), rs.getString(2));
                if (rs.getBoolean(3)) {
                    if (rs.getString(6) != null) {
                        viewsRead.computeIfAbsent(relation, r -> new HashSet<>()).add(key(rs.getString(5), rs.getString(6)));
                    }
                } else {
                    Function function = functionsByOid.get(rs.getLong(4));
                    if (function != null) {
                        direct.computeIfAbsent(relation, r -> new HashSet<>()).add(function);
                    }
                }
            }
        }
        Map<String, List<Function>> closed = new HashMap<>();
        for (String relation : union(direct.keySet(), viewsRead.keySet())) {
            Set<Function> functions = new java.util.LinkedHashSet<>();
            java.util.Deque<String> pending = new java.util.ArrayDeque<>(List.of(relation));
            Set<String> seen = new HashSet<>();
            while (!pending.isEmpty()) {
                String next = pending.pop();
                if (seen.add(next)) {
                    functions.addAll(direct.getOrDefault(next, Set.of()));
                    pending.addAll(viewsRead.getOrDefault(next, Set.of()));
                }
            }
            if (!functions.isEmpty()) {
                closed.put(relation, List.copyOf(functions));
            }
        }
        return closed;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> Map<String, List<T>> copy(Map<String, ? extends java.util.Collection<T>> map) {
        Map<String, List<T>> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Map.copyOf(copy);
    }

    /** Reads the facts again on another thread, unless a refresh is already running. */
    public void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                publish(readSnapshot(pool));
            } catch (SQLException | RuntimeException e) {
                LOG.warn("refreshing the policy catalog failed: {}", e.getMessage());
            } finally {
                refreshing.set(false);
            }
        });
    }

    /** Reads the facts again now; for start-up and tests, never while holding a pool connection. */
    public void refresh() throws SQLException {
        publish(readSnapshot(pool));
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

    /**
     * The functions a call of this name may reach: with a schema, that schema's functions of the name;
     * without, those in every schema of the search path (pg_catalog included), as PostgreSQL chooses
     * among them by argument types pgmcp does not know. Empty when no such function exists (yet).
     */
    public List<Function> functions(String schema, String name) {
        Facts current = facts;
        List<Function> all = current.functionsByName().getOrDefault(name, List.of());
        return all.stream().filter(f -> schema != null ? f.schema().equals(schema)
                : current.searchPath().contains(f.schema())).toList();
    }

    /** The operators created after initdb that an operator of this name may be, by schema or search path. */
    public List<Operator> operators(String schema, String name) {
        Facts current = facts;
        return current.operatorsByName().getOrDefault(name, List.of()).stream()
                .filter(o -> schema != null ? o.schema().equals(schema) : current.searchPath().contains(o.schema()))
                .toList();
    }

    /** The functions a cast to or from a type of this name may call (domain CHECK constraints, cast functions). */
    public List<Function> functionsOfType(String typeName) {
        return facts.functionsOfType().getOrDefault(typeName, List.of());
    }

    /**
     * The functions reading this relation runs at plan time: those of its views, nested views and row-level
     * security policies, and those planning it folds ({@link ImplicitCalls#planFunctions}: index expressions and
     * predicates, statistics expressions, partition key, CHECK constraints, of its children too).
     */
    public List<Function> functionsOfRelation(String schema, String name) {
        Facts current = facts;
        List<Function> planned = current.implicitCalls().planFunctions(schema, name);
        List<Function> own = current.functionsOfRelation().getOrDefault(key(schema, name), List.of());
        if (planned.isEmpty()) {
            return own;
        }
        Set<Function> all = new java.util.LinkedHashSet<>(own);
        all.addAll(planned);
        return List.copyOf(all);
    }

    /** The functions PostgreSQL calls where a query's text does not name them (attribute notation, casts, ...). */
    public ImplicitCalls implicitCalls() {
        return facts.implicitCalls();
    }

    /** The search path the facts were read with. */
    public List<String> searchPath() {
        return facts.searchPath();
    }

    /**
     * Every function as {schema, name}, and extension functions also as {extension, name} (the form
     * {@code functions.allow} accepts), for checking configured names.
     */
    public List<String[]> functionNames() {
        List<String[]> names = new ArrayList<>();
        for (List<Function> overloads : facts.functionsByName().values()) {
            for (Function function : overloads) {
                names.add(new String[] {function.schema(), function.name()});
                if (function.extension() != null) {
                    names.add(new String[] {function.extension(), function.name()});
                }
            }
        }
        return names;
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

    static String key(String schema, String name) {
        return schema + "\u0000" + name;
    }

    // ---- what views and materialized views are computed from (issue 10, hidden data through views)

    /** The sources of views and materialized views; read in the facts' transaction, kept apart from them. */
    private volatile RelationSources sources = RelationSources.NONE;

    /** What reads one kind of fact in the catalog's read-only transaction. */
    @FunctionalInterface
    private interface FactReader<T> {
        T read(Statement statement) throws SQLException;
    }

    private static <T> T inReadOnlyTransaction(DatabasePool pool, FactReader<T> reader) throws SQLException {
        try (Connection connection = pool.borrow()) {
            try (Statement st = connection.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY");
                st.setFetchSize(2000);
                return reader.read(st);
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * What the rows of a view or materialized view are computed from, closed over the views it reads:
     * for a materialized view, what reading it reads (its plan shows only its own scan). Empty for tables.
     */
    List<RelationSources.Source> sources(String schema, String name) {
        return sources.of(schema, name);
    }

    /** The functions computing a view's or materialized view's rows may call, through the views it reads too. */
    List<RelationSources.Call> callsOfView(String schema, String name) {
        return sources.callsOf(schema, name);
    }

    // ---- what type names stand for, and the current database (three-part names)

    /** The type facts; read in the facts' transaction, kept apart from them. */
    private volatile TypeFacts types = TypeFacts.NONE;


    /** The current database: the first part of a three-part name ({@code db.schema.object}) may be it. */
    public String currentDatabase() {
        return types.database();
    }

    /**
     * The OID alias type ({@code regclass}, {@code regtype}, ...) that values of a type of this name (any schema)
     * are made of: the alias type itself, its array type ({@code _regclass}) or a domain over either.
     */
    public Optional<String> oidAliasOf(String typeName) {
        return types.oidAlias(typeName);
    }

    /**
     * The relation whose rows are the values of a type: its row type, the array of it ({@code _employees}) or a
     * domain over either; the type qualified by {@code schema}, or resolved through the search path when null.
     */
    public Optional<Relation> rowTypeRelation(String schema, String typeName) {
        return types.rowRelation(schema, typeName, facts.searchPath())
                .flatMap(r -> relation(r[0], r[1]));
    }

    /**
     * True when some type has this name and it is no relation's row type (nor an array or domain of one): such a
     * name before a parenthesis may be a type modifier ({@code numeric(10, 2)}, {@code geometry(Point)}) or a
     * function-style cast; a row type's name never is, so there it can only be a call (of a function created
     * since the catalog was read, if none is known).
     */
    public boolean isTypeTakingParentheses(String name) {
        return isType(name) && !types.rowTypeNames().contains(name);
    }
}
