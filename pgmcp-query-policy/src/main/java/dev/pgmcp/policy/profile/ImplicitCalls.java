package dev.pgmcp.policy.profile;

import dev.pgmcp.policy.profile.PolicyCatalog.Function;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalog facts about functions PostgreSQL calls where the query's text does not name them, read
 * with the other {@link PolicyCatalog} facts:
 * <ul>
 *   <li>functions callable in attribute notation ({@code g.f} calls {@code f(g)}): one argument (the others
 *       defaulted or variadic) of a composite, domain-over-composite or pseudo type;</li>
 *   <li>user casts with a function, with what can produce a value of their source type;</li>
 *   <li>per type name, the domain CHECK functions a value coerced to that type runs: of the type itself, of
 *       the fields of a composite or row type and the elements of an array, recursively;</li>
 *   <li>per relation, the functions its planning folds: index expressions and partial-index predicates,
 *       extended-statistics expressions, partition key expressions and CHECK constraints, closed over
 *       inheritance and partition children and over the relations a view reads;</li>
 *   <li>PostgreSQL's key words with their category, which tell a call from syntax.</li>
 * </ul>
 */
public final class ImplicitCalls {

    /**
     * A user cast with a function, which PostgreSQL may apply without the text naming it (IMPLICIT or
     * ASSIGNMENT) or where the text names only its target (an explicit cast of a column), and the
     * ways a value of its source type (or of a type holding one: an array, a domain, a composite, a
     * range) can enter a query.
     *
     * @param context            {@code i} implicit, {@code a} assignment, {@code e} explicit only
     * @param typeNames          the source type and the types that hold it, by name (tables' row types included)
     * @param targetNames        the target type and the domains over it, by name: an explicit cast needs one named
     * @param producers          functions returning such a type that need no such argument: every call counts
     * @param literalProducers   functions returning such a type whose every argument has such a type: a call
     *                           counts when an untyped literal or parameter may fill an argument
     * @param operandOperators   operators returning such a type from another type: every use counts
     * @param literalOperators   operators returning such a type whose operands all have such a type, by name,
     *                           with whether a prefix form exists
     */
    public record ImplicitCast(String source, String target, char context, Function function, Set<String> typeNames,
                               Set<String> targetNames, Set<String> producers, Set<String> literalProducers, Set<String> operandOperators,
                               Map<String, Boolean> literalOperators) {

        /** "macaddr8 -> numeric". */
        public String displayName() {
            return source + " -> " + target;
        }
    }

    /**
     * What may give a value of a type T (or of a type holding one) in a query, for {@code ImplicitCastSources}:
     * the same fields as {@link ImplicitCast}'s, with whether numbers and untyped constants count.
     *
     * @param anyType     true for a pseudo-type (anyelement, ...): every value counts
     * @param untyped     whether an untyped constant, parameter or NULL may become such a value
     * @param relations   the names among {@code typeNames} that are row types of relations; null to count them as
     *                    type names (casts). Otherwise a relation's values count through {@code columns}, and the
     *                    relation's name only where its columns enter unnamed ({@code *}, {@code TABLE t},
     *                    {@code NATURAL}, a column-alias list after it)
     * @param columns     the names of the relations' columns of such a type, each with the names of its relations:
     *                    a column counts where one of them is named too
     */
    public record TypeSources(Set<String> typeNames, Set<String> producers, Set<String> literalProducers,
                              Set<String> operandOperators, Map<String, Boolean> literalOperators, boolean numbers,
                              boolean untyped, boolean anyType, Set<String> relations,
                              Map<String, Set<String>> columns) {
    }

    /**
     * A member (support function, or the function of an operator) of an operator family, added after initdb
     * (a user family, or a user addition to a built-in one), which PostgreSQL calls by type, not by name: to
     * sort, group, hash, compare arrays, rows and ranges, and for GREATEST/LEAST.
     *
     * @param left          the left (or only) input type's OID
     * @param right         the right input type's OID
     * @param defaultFamily the family holds a default operator class, so values of the type reach it unnamed
     * @param namedBy       for other families, the relations with an index using it and the range types over it
     */
    public record FamilyMember(Function function, String family, String access, long left, long right,
                               boolean defaultFamily, Set<String> namedBy) {
    }

    private final Map<String, List<Function>> rowFunctions;
    private final List<ImplicitCast> casts;
    private final Map<Long, TypeSources> operandSources;
    private final List<FamilyMember> familyMembers;
    private final Map<String, List<Function>> domainFunctions;
    private final Map<String, List<Function>> planFunctions;
    private final Map<String, Character> keywords;

    private ImplicitCalls(Map<String, List<Function>> rowFunctions, List<ImplicitCast> casts,
                          Map<String, List<Function>> domainFunctions, Map<String, List<Function>> planFunctions,
                          Map<String, Character> keywords, Map<Long, TypeSources> operandSources,
                          List<FamilyMember> familyMembers) {
        this.operandSources = operandSources;
        this.familyMembers = familyMembers;
        this.rowFunctions = rowFunctions;
        this.casts = casts;
        this.domainFunctions = domainFunctions;
        this.planFunctions = planFunctions;
        this.keywords = keywords;
    }

    /**
     * Functions callable as {@code row.name}: the first argument (the others defaulted) takes a row, being of a
     * composite type, a domain over one, or a pseudo-type that accepts any row, or variadic over such a type.
     */
    private static final String ROW_FUNCTIONS = """
            WITH takes_row(oid) AS (
                SELECT t.oid FROM pg_catalog.pg_type t
                LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
                WHERE t.typtype = 'c' OR b.typtype = 'c'
                   OR (t.typtype = 'p' AND t.typname IN ('record', 'any', 'anyelement', 'anynonarray', 'anycompatible',
                                                         'anycompatiblenonarray'))
            )
            SELECT p.oid
            FROM pg_catalog.pg_proc p
            WHERE p.pronargs >= 1 AND p.pronargs - p.pronargdefaults <= 1
              AND (p.proargtypes[0] IN (SELECT oid FROM takes_row)
                   OR (p.pronargs = 1 AND p.provariadic IN (SELECT oid FROM takes_row)))
            """;

    /** What holds a value of another type: domain over base, array of element, composite of field, range of subtype. */
    private static final String HOLDS = """
            holds(whole, part) AS (
                SELECT oid, typbasetype FROM pg_catalog.pg_type WHERE typtype = 'd'
                UNION ALL
                SELECT oid, typelem FROM pg_catalog.pg_type WHERE typelem <> 0 AND typsubscript <> 0
                UNION ALL
                SELECT t.oid, a.atttypid FROM pg_catalog.pg_type t
                JOIN pg_catalog.pg_attribute a ON a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE t.typrelid <> 0
                UNION ALL
                SELECT rngtypid, rngsubtype FROM pg_catalog.pg_range
                UNION ALL
                SELECT rngmultitypid, rngtypid FROM pg_catalog.pg_range
            )""";

    /**
     * User casts with a function, each with the types holding its source type and, for explicit casts (which
     * the text must ask for), the names of the target type and of the domains over it.
     */
    private static final String CASTS = "WITH RECURSIVE " + HOLDS + """
            , casts AS (
                SELECT c.oid, c.castsource, c.casttarget, c.castcontext, c.castfunc FROM pg_catalog.pg_cast c
                WHERE c.oid >= 16384 AND c.castfunc <> 0
            ), closure(cast_oid, type) AS (
                SELECT oid, castsource FROM casts
                UNION
                SELECT cl.cast_oid, h.whole FROM closure cl JOIN holds h ON h.part = cl.type
            )
            SELECT c.oid, st.typname, tt.typname, c.castcontext, c.castfunc, cl.type, t.typname,
                   ARRAY(WITH RECURSIVE d(oid) AS (SELECT c.casttarget UNION
                                                   SELECT x.oid FROM pg_catalog.pg_type x JOIN d ON x.typbasetype = d.oid)
                         SELECT y.typname::text FROM pg_catalog.pg_type y JOIN d ON d.oid = y.oid)
            FROM casts c JOIN pg_catalog.pg_type st ON st.oid = c.castsource
            JOIN pg_catalog.pg_type tt ON tt.oid = c.casttarget
            JOIN closure cl ON cl.cast_oid = c.oid JOIN pg_catalog.pg_type t ON t.oid = cl.type
            ORDER BY c.oid
            """;

    /** Functions by what they return (also through OUT parameters) and take. */
    private static final String RETURNS = """
            SELECT p.proname, p.prorettype, coalesce(p.proallargtypes, p.proargtypes::pg_catalog.oid[]),
                   coalesce(p.proargmodes, '{}')
            FROM pg_catalog.pg_proc p
            """;

    /**
     * Per operand type of a user operator or operator family member (the root), the types whose values may
     * become one: the root, its base types if a domain, the sources of its implicit casts, and what holds any
     * of these (arrays, domains, composites and row types, ranges).
     */
    private static final String OPERAND_SOURCES = "WITH RECURSIVE " + HOLDS + """
            , operand(type) AS (
                SELECT oprleft FROM pg_catalog.pg_operator WHERE oid >= 16384 AND oprleft <> 0
                UNION SELECT oprright FROM pg_catalog.pg_operator WHERE oid >= 16384 AND oprright <> 0
                UNION SELECT amoplefttype FROM pg_catalog.pg_amop WHERE oid >= 16384
                UNION SELECT amoprighttype FROM pg_catalog.pg_amop WHERE oid >= 16384
                UNION SELECT amproclefttype FROM pg_catalog.pg_amproc WHERE oid >= 16384
                UNION SELECT amprocrighttype FROM pg_catalog.pg_amproc WHERE oid >= 16384
            ), base(root, type) AS (
                SELECT type, type FROM operand
                UNION
                SELECT b.root, t.typbasetype FROM base b JOIN pg_catalog.pg_type t ON t.oid = b.type
                WHERE t.typtype = 'd'
            ), closure(root, type) AS (
                SELECT root, type FROM base
                UNION
                SELECT b.root, c.castsource FROM base b
                JOIN pg_catalog.pg_cast c ON c.casttarget = b.type AND c.castcontext = 'i'
                UNION
                SELECT cl.root, h.whole FROM closure cl JOIN holds h ON h.part = cl.type
            )
            SELECT cl.root, r.typtype = 'p', r.typcategory = 'S', cl.type, t.typname,
                   rel.oid IS NOT NULL AND cl.type <> cl.root,
                   ARRAY(SELECT ARRAY[a.attname::text, ac.relname::text] FROM pg_catalog.pg_attribute a
                         JOIN pg_catalog.pg_class ac ON ac.oid = a.attrelid AND ac.relkind IN ('r', 'v', 'm', 'p', 'f')
                         WHERE a.atttypid = cl.type AND a.attnum > 0 AND NOT a.attisdropped)
            FROM closure cl JOIN pg_catalog.pg_type r ON r.oid = cl.root JOIN pg_catalog.pg_type t ON t.oid = cl.type
            LEFT JOIN pg_catalog.pg_class rel ON rel.oid = t.typrelid AND rel.relkind IN ('r', 'v', 'm', 'p', 'f')
            """;

    /** Members of operator families added after initdb: support functions and the functions of operators. */
    private static final String FAMILY_MEMBERS = """
            WITH member(fn, lefttype, righttype, family) AS (
                SELECT p.amproc::oid, p.amproclefttype, p.amprocrighttype, p.amprocfamily
                FROM pg_catalog.pg_amproc p WHERE p.oid >= 16384
                UNION ALL
                SELECT o.oprcode::oid, a.amoplefttype, a.amoprighttype, a.amopfamily
                FROM pg_catalog.pg_amop a JOIN pg_catalog.pg_operator o ON o.oid = a.amopopr WHERE a.oid >= 16384
            )
            SELECT m.fn, f.opfname, am.amname, m.lefttype, m.righttype,
                   EXISTS (SELECT 1 FROM pg_catalog.pg_opclass c WHERE c.opcfamily = f.oid AND c.opcdefault),
                   ARRAY(SELECT t.typname::text FROM pg_catalog.pg_range r
                         JOIN pg_catalog.pg_opclass c ON c.oid = r.rngsubopc
                         JOIN pg_catalog.pg_type t ON t.oid IN (r.rngtypid, r.rngmultitypid)
                         WHERE c.opcfamily = f.oid
                         UNION
                         SELECT rel.relname::text FROM pg_catalog.pg_index i
                         JOIN pg_catalog.pg_class rel ON rel.oid = i.indrelid
                         JOIN pg_catalog.pg_opclass c ON c.oid = ANY (i.indclass::pg_catalog.oid[])
                         WHERE c.opcfamily = f.oid)
            FROM member m JOIN pg_catalog.pg_opfamily f ON f.oid = m.family
            JOIN pg_catalog.pg_am am ON am.oid = f.opfmethod
            """;

    private static final String OPERATOR_RESULTS = """
            SELECT o.oprname, o.oprresult, o.oprleft, o.oprright FROM pg_catalog.pg_operator o
            """;

    /**
     * Per type, the functions of the domain CHECK constraints a value coerced to it runs: the type's own, those
     * of the domains it is based on, of its fields and array elements, recursively.
     */
    private static final String DOMAIN_FUNCTIONS = "WITH RECURSIVE " + HOLDS + """
            , up(type, fn) AS (
                SELECT c.contypid,
                       CASE WHEN dep.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass
                            THEN (SELECT o.oprcode::oid FROM pg_catalog.pg_operator o WHERE o.oid = dep.refobjid)
                            ELSE dep.refobjid END
                FROM pg_catalog.pg_constraint c
                JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                     AND dep.objid = c.oid
                     AND dep.refclassid IN ('pg_catalog.pg_proc'::pg_catalog.regclass,
                                            'pg_catalog.pg_operator'::pg_catalog.regclass)
                WHERE c.contypid <> 0
                UNION
                SELECT h.whole, up.fn FROM up JOIN holds h ON h.part = up.type
            )
            SELECT t.typname, up.fn FROM up JOIN pg_catalog.pg_type t ON t.oid = up.type
            """;

    /**
     * Per relation, the functions (and operators' functions) its planning folds with eval_const_expressions:
     * index expressions and predicates, extended statistics expressions, the partition key, and CHECK
     * constraints (constraint exclusion); closed over children and, for views, the relations read.
     */
    private static final String PLAN_FUNCTIONS = """
            WITH RECURSIVE direct(rel, fn) AS (
                SELECT coalesce(i.indrelid, s.stxrelid, con.conrelid,
                                CASE WHEN dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass THEN dep.objid END),
                       CASE WHEN dep.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass
                            THEN (SELECT o.oprcode::oid FROM pg_catalog.pg_operator o WHERE o.oid = dep.refobjid)
                            ELSE dep.refobjid END
                FROM pg_catalog.pg_depend dep
                LEFT JOIN pg_catalog.pg_index i ON dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
                     AND i.indexrelid = dep.objid
                LEFT JOIN pg_catalog.pg_statistic_ext s
                     ON dep.classid = 'pg_catalog.pg_statistic_ext'::pg_catalog.regclass AND s.oid = dep.objid
                LEFT JOIN pg_catalog.pg_constraint con ON dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
                     AND con.oid = dep.objid AND con.conrelid <> 0
                WHERE dep.classid IN ('pg_catalog.pg_class'::pg_catalog.regclass,
                                      'pg_catalog.pg_statistic_ext'::pg_catalog.regclass,
                                      'pg_catalog.pg_constraint'::pg_catalog.regclass)
                  AND dep.refclassid IN ('pg_catalog.pg_proc'::pg_catalog.regclass,
                                         'pg_catalog.pg_operator'::pg_catalog.regclass)
            ), edges(parent, child) AS (
                SELECT inhparent, inhrelid FROM pg_catalog.pg_inherits
                UNION
                SELECT r.ev_class, dep.refobjid FROM pg_catalog.pg_depend dep
                JOIN pg_catalog.pg_rewrite r ON dep.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                     AND r.oid = dep.objid
                JOIN pg_catalog.pg_class v ON v.oid = r.ev_class AND v.relkind = 'v'
                WHERE dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refobjid <> r.ev_class
            ), reach(rel, planned) AS (
                SELECT DISTINCT rel, rel FROM direct WHERE rel IS NOT NULL
                UNION
                SELECT e.parent, r.planned FROM reach r JOIN edges e ON e.child = r.rel
            )
            SELECT n.nspname, c.relname, d.fn
            FROM reach r JOIN direct d ON d.rel = r.planned
            JOIN pg_catalog.pg_class c ON c.oid = r.rel JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            """;

    static ImplicitCalls read(Statement st, Map<Long, Function> functionsByOid) throws SQLException {
        Map<String, Set<Function>> rowFunctions = new HashMap<>();
        try (ResultSet rs = st.executeQuery(ROW_FUNCTIONS)) {
            while (rs.next()) {
                add(rowFunctions, null, functionsByOid.get(rs.getLong(1)));
            }
        }
        Map<String, Set<Function>> domainFunctions = new HashMap<>();
        try (ResultSet rs = st.executeQuery(DOMAIN_FUNCTIONS)) {
            while (rs.next()) {
                add(domainFunctions, rs.getString(1), functionsByOid.get(rs.getLong(2)));
            }
        }
        Map<String, Set<Function>> planFunctions = new HashMap<>();
        try (ResultSet rs = st.executeQuery(PLAN_FUNCTIONS)) {
            while (rs.next()) {
                add(planFunctions, PolicyCatalog.key(rs.getString(1), rs.getString(2)),
                        functionsByOid.get(rs.getLong(3)));
            }
        }
        Map<String, Character> keywords = new HashMap<>();
        try (ResultSet rs = st.executeQuery("SELECT word, catcode FROM pg_catalog.pg_get_keywords()")) {
            while (rs.next()) {
                keywords.put(rs.getString(1), rs.getString(2).charAt(0));
            }
        }
        List<FamilyMember> members = readFamilyMembers(st, functionsByOid);
        return new ImplicitCalls(copy(rowFunctions), readCasts(st, functionsByOid), copy(domainFunctions),
                copy(planFunctions), Map.copyOf(keywords), readOperandSources(st), members);
    }

    private static List<FamilyMember> readFamilyMembers(Statement st, Map<Long, Function> functionsByOid)
            throws SQLException {
        List<FamilyMember> members = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(FAMILY_MEMBERS)) {
            while (rs.next()) {
                Function function = functionsByOid.get(rs.getLong(1));
                if (function != null) {
                    members.add(new FamilyMember(function, rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getLong(5), rs.getBoolean(6), Set.of((String[]) rs.getArray(7).getArray())));
                }
            }
        }
        return List.copyOf(members);
    }

    /** The sources of the operand types of user operators and family members, by type OID. */
    private static Map<Long, TypeSources> readOperandSources(Statement st) throws SQLException {
        record Root(boolean anyType, boolean string, Set<Long> types, Set<String> names, Set<String> relations,
                    Map<String, Set<String>> columns) {
        }
        Map<Long, Root> roots = new java.util.LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery(OPERAND_SOURCES)) {
            while (rs.next()) {
                boolean anyType = rs.getBoolean(2);
                boolean string = rs.getBoolean(3);
                Root root = roots.computeIfAbsent(rs.getLong(1), r -> new Root(anyType, string, new HashSet<>(),
                        new HashSet<>(), new HashSet<>(), new HashMap<>()));
                root.types().add(rs.getLong(4));
                root.names().add(rs.getString(5));
                if (rs.getBoolean(6)) {
                    root.relations().add(rs.getString(5));
                }
                // {{attname, relname}, ...}; an empty array comes back one-dimensional.
                if (rs.getArray(7).getArray() instanceof String[][] columns) {
                    for (String[] column : columns) {
                        root.columns().computeIfAbsent(column[0], c -> new HashSet<>()).add(column[1]);
                    }
                }
            }
        }
        if (roots.isEmpty()) {
            return Map.of();
        }
        Catalog producers = Catalog.read(st);
        Map<Long, TypeSources> sources = new HashMap<>();
        roots.forEach((oid, root) -> {
            Sources found = producers.sourcesOf(root.types());
            boolean numbers = root.names().stream().anyMatch(n -> n.equals("int4") || n.equals("int8")
                    || n.equals("numeric"));
            sources.put(oid, new TypeSources(Set.copyOf(root.names()), found.producers(), found.literalProducers(),
                    found.operandOperators(), found.literalOperators(), numbers, root.string(), root.anyType(),
                    Set.copyOf(root.relations()), copyOfSets(root.columns())));
        });
        return Map.copyOf(sources);
    }

    private record Sources(Set<String> producers, Set<String> literalProducers, Set<String> operandOperators,
                           Map<String, Boolean> literalOperators) {
    }

    /** Every function and operator by what it returns and takes, to find what produces a value of given types. */
    private record Catalog(List<Proc> procs, List<long[]> operators, List<String> operatorNames) {

        static Catalog read(Statement st) throws SQLException {
            List<Proc> procs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(RETURNS)) {
                while (rs.next()) {
                    Long[] args = (Long[]) rs.getArray(3).getArray();
                    long[] plain = new long[args.length];
                    for (int i = 0; i < args.length; i++) {
                        plain[i] = args[i];
                    }
                    procs.add(new Proc(rs.getString(1), rs.getLong(2), plain, rs.getString(4)));
                }
            }
            List<long[]> operators = new ArrayList<>();
            List<String> operatorNames = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(OPERATOR_RESULTS)) {
                while (rs.next()) {
                    operatorNames.add(rs.getString(1));
                    operators.add(new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
                }
            }
            return new Catalog(procs, operators, operatorNames);
        }

        /** The functions and operators that give a value of one of these types. */
        Sources sourcesOf(Set<Long> types) {
            Set<String> producers = new HashSet<>();
            Set<String> literalProducers = new HashSet<>();
            for (Proc proc : procs) {
                boolean returns = types.contains(proc.result());
                boolean allArgsHeld = true;
                String modes = proc.modes().replaceAll("[{}]", "");
                String[] mode = modes.isEmpty() ? new String[0] : modes.split(",");
                for (int i = 0; i < proc.args().length; i++) {
                    String m = i < mode.length ? mode[i] : "i";
                    if (m.equals("o") || m.equals("t") || m.equals("b")) {
                        returns |= types.contains(proc.args()[i]);
                    }
                    if (!m.equals("o") && !m.equals("t")) {
                        allArgsHeld &= types.contains(proc.args()[i]);
                    }
                }
                if (returns) {
                    (allArgsHeld && proc.args().length > 0 ? literalProducers : producers).add(proc.name());
                }
            }
            literalProducers.removeAll(producers);
            Set<String> operandOperators = new HashSet<>();
            Map<String, Boolean> literalOperators = new HashMap<>();
            for (int i = 0; i < operators.size(); i++) {
                long[] o = operators.get(i);
                if (!types.contains(o[0])) {
                    continue;
                }
                boolean leftHeld = o[1] == 0 || types.contains(o[1]);
                boolean rightHeld = types.contains(o[2]);
                if (leftHeld && rightHeld) {
                    literalOperators.merge(operatorNames.get(i), o[1] == 0, Boolean::logicalOr);
                } else {
                    operandOperators.add(operatorNames.get(i));
                }
            }
            return new Sources(Set.copyOf(producers), Set.copyOf(literalProducers), Set.copyOf(operandOperators),
                    Map.copyOf(literalOperators));
        }
    }

    private record Proc(String name, long result, long[] args, String modes) {
    }

    private record CastRow(String source, String target, char context, Function function, Set<Long> types,
                           Set<String> typeNames, Set<String> targetNames) {
    }

    private static List<ImplicitCast> readCasts(Statement st, Map<Long, Function> functionsByOid) throws SQLException {
        Map<Long, CastRow> rows = new java.util.LinkedHashMap<>();
        try (ResultSet rs = st.executeQuery(CASTS)) {
            while (rs.next()) {
                Function function = functionsByOid.get(rs.getLong(5));
                if (function == null) {
                    continue;
                }
                CastRow row = rows.computeIfAbsent(rs.getLong(1), oid -> {
                    try {
                        return new CastRow(rs.getString(2), rs.getString(3), rs.getString(4).charAt(0), function,
                                new HashSet<>(), new HashSet<>(), Set.of((String[]) rs.getArray(8).getArray()));
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                row.types().add(rs.getLong(6));
                row.typeNames().add(rs.getString(7));
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        Catalog catalog = Catalog.read(st);
        List<ImplicitCast> casts = new ArrayList<>();
        for (CastRow row : rows.values()) {
            Sources found = catalog.sourcesOf(row.types());
            casts.add(new ImplicitCast(row.source(), row.target(), row.context(), row.function(),
                    Set.copyOf(row.typeNames()), row.targetNames(), found.producers(), found.literalProducers(),
                    found.operandOperators(), found.literalOperators()));
        }
        return List.copyOf(casts);
    }

    private static Map<String, Set<String>> copyOfSets(Map<String, Set<String>> map) {
        Map<String, Set<String>> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return Map.copyOf(copy);
    }

    private static void add(Map<String, Set<Function>> map, String key, Function function) {
        if (function != null) {
            map.computeIfAbsent(key != null ? key : function.name(), k -> new LinkedHashSet<>()).add(function);
        }
    }

    private static Map<String, List<Function>> copy(Map<String, Set<Function>> map) {
        Map<String, List<Function>> copy = new HashMap<>();
        map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Map.copyOf(copy);
    }

    /** The functions named {@code name} that {@code row.name} may call. */
    public List<Function> rowFunctions(String name) {
        return rowFunctions.getOrDefault(name, List.of());
    }

    /** The user casts with a function (implicit, assignment or explicit). */
    public List<ImplicitCast> casts() {
        return casts;
    }

    /**
     * What may give a value that PostgreSQL can pass as an operand of this type (by OID) of a user operator or
     * operator family member; null when the type is no such operand.
     */
    public TypeSources operandSources(long type) {
        return operandSources.get(type);
    }

    /** Members of operator families added after initdb (support functions, operators' functions). */
    public List<FamilyMember> familyMembers() {
        return familyMembers;
    }

    /** The domain CHECK functions a value coerced to a type of this name runs (fields and elements included). */
    public List<Function> domainFunctions(String typeName) {
        return domainFunctions.getOrDefault(typeName, List.of());
    }

    /** The functions planning a read of this relation folds (indexes, statistics, partition key, CHECK constraints). */
    List<Function> planFunctions(String schema, String name) {
        return planFunctions.getOrDefault(PolicyCatalog.key(schema, name), List.of());
    }

    /**
     * The category of a key word in {@code pg_get_keywords()}: R reserved, C column name (neither can name a
     * function unqualified), T type or function name, U unreserved; 0 when the word is no key word.
     */
    public char keywordCategory(String word) {
        Character category = keywords.get(word);
        return category == null ? 0 : category;
    }
}
