package dev.pgmcp.policy.profile;

import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.StatementText;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the rows of each view and materialized view come from: the (relation, column) pairs its
 * definition reads, from {@code pg_depend} on its rewrite rule, closed over the views and
 * materialized views it reads in turn. A plan shows a scan of a materialized view, not what its rows
 * were computed from, so the profile policies judge a materialized view by these sources; a role's
 * start-up check uses them for views too, which read with their owner's rights.
 *
 * <p>PostgreSQL records a column it reads with the column's number, and a whole-row use
 * ({@code e::text}, {@code row_to_json(e)}) with number 0. A relation read only as a whole (no column
 * recorded, {@code count(*)}) is also recorded with 0; the rule's node tree tells the two apart by a
 * whole-row variable ({@code :varattno 0}), and when it has one, every number-0 source counts as a
 * whole-row use (which may refuse a little more than needed, never less). A view or materialized view
 * read by another counts with all of its own sources, whichever of its columns are read.
 */
final class RelationSources {

    /**
     * One thing a view's rows are computed from.
     *
     * @param column   the column read, or null for the relation as a whole
     * @param wholeRow whether every column of the relation counts as read
     */
    record Source(String schema, String name, String column, boolean wholeRow) {
    }

    private static final String DEPENDENCIES = """
            SELECT vn.nspname, v.relname, tn.nspname, t.relname, a.attname,
                   d.refobjsubid = 0 AND r.ev_action::text ~ ':varattno 0 '
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
            JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
            JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
            JOIN pg_catalog.pg_class t ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND t.oid = d.refobjid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
            WHERE v.oid <> t.oid AND v.relkind IN ('v', 'm') AND t.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND vn.nspname NOT IN ('pg_catalog', 'information_schema')
              AND (d.refobjsubid >= 0)
            """;

    /**
     * A function a view's or materialized view's definition calls.
     *
     * @param schema the schema, or null when the definition names it unqualified (visible on the search path)
     */
    record Call(String schema, String name) {
    }

    /**
     * The functions each definition calls: pg_depend records the functions created after initdb (operators
     * through their functions), but not the built-in ones, which are pinned, so those are read from the
     * definition's text ({@code pg_get_viewdef}).
     */
    private static final String CALLS = """
            SELECT vn.nspname, v.relname, NULL, NULL, pg_catalog.pg_get_viewdef(v.oid)
            FROM pg_catalog.pg_class v JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
            WHERE v.relkind IN ('v', 'm') AND vn.nspname NOT IN ('pg_catalog', 'information_schema')
            UNION ALL
            SELECT vn.nspname, v.relname, pn.nspname, p.proname, NULL
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
            JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
            JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
            LEFT JOIN pg_catalog.pg_operator o ON d.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass
                 AND o.oid = d.refobjid
            JOIN pg_catalog.pg_proc p ON p.oid = CASE WHEN d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 THEN d.refobjid ELSE o.oprcode::oid END
            JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace
            WHERE v.relkind IN ('v', 'm') AND vn.nspname NOT IN ('pg_catalog', 'information_schema')
            """;

    static final RelationSources NONE = new RelationSources(Map.of(), Map.of());

    private final Map<String, List<Source>> closed;
    private final Map<String, List<Call>> calls;

    private RelationSources(Map<String, List<Source>> closed, Map<String, List<Call>> calls) {
        this.closed = closed;
        this.calls = calls;
    }

    /** Reads the dependencies of every view and materialized view outside the system schemas. */
    static RelationSources read(Statement st) throws SQLException {
        Map<String, Set<Source>> direct = new HashMap<>();
        try (ResultSet rs = st.executeQuery(DEPENDENCIES)) {
            while (rs.next()) {
                direct.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new LinkedHashSet<>())
                        .add(new Source(rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6)));
            }
        }
        Map<String, List<Source>> closed = new HashMap<>();
        for (String view : direct.keySet()) {
            Set<Source> all = new LinkedHashSet<>();
            Deque<String> pending = new ArrayDeque<>(List.of(view));
            Set<String> seen = new HashSet<>();
            while (!pending.isEmpty()) {
                String next = pending.pop();
                if (!seen.add(next)) {
                    continue;
                }
                for (Source source : direct.getOrDefault(next, Set.of())) {
                    all.add(source);
                    String inner = key(source.schema(), source.name());
                    if (direct.containsKey(inner)) {
                        pending.add(inner);
                    }
                }
            }
            closed.put(view, List.copyOf(all));
        }
        Map<String, Set<Call>> calls = new HashMap<>();
        try (ResultSet rs = st.executeQuery(CALLS)) {
            while (rs.next()) {
                Set<Call> of = calls.computeIfAbsent(key(rs.getString(1), rs.getString(2)), k -> new LinkedHashSet<>());
                if (rs.getString(4) != null) {
                    of.add(new Call(rs.getString(3), rs.getString(4)));
                } else if (rs.getString(5) != null) {
                    for (FunctionCall call : StatementText.functionCallsIn(rs.getString(5))) {
                        of.add(new Call(call.schema(), call.name()));
                    }
                }
            }
        }
        Map<String, List<Call>> callsCopy = new HashMap<>();
        calls.forEach((k, v) -> callsCopy.put(k, List.copyOf(v)));
        return new RelationSources(Map.copyOf(closed), Map.copyOf(callsCopy));
    }

    /**
     * The functions computing this view's or materialized view's rows may call: those of its definition and
     * of the views and materialized views it reads in turn.
     */
    List<Call> callsOf(String schema, String name) {
        Set<Call> all = new LinkedHashSet<>(calls.getOrDefault(key(schema, name), List.of()));
        for (Source source : of(schema, name)) {
            all.addAll(calls.getOrDefault(key(source.schema(), source.name()), List.of()));
        }
        return List.copyOf(all);
    }

    /** What the rows of this view or materialized view come from, nested views included; empty for a table. */
    List<Source> of(String schema, String name) {
        return closed.getOrDefault(key(schema, name), List.of());
    }

    private static String key(String schema, String name) {
        return schema + "\u0000" + name;
    }
}
