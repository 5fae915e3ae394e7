package dev.pgmcp.policy.functions;

import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.QualifiedName;
import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.policy.profile.ImplicitCalls;
import dev.pgmcp.policy.profile.PolicyCatalog;
import dev.pgmcp.policy.profile.PolicyCatalog.Function;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which functions a statement may reach, from its text and the catalog, before PostgreSQL
 * plans it (the planner runs IMMUTABLE functions while planning, and trusts a false label). It
 * resolves what the text names through the catalog and refuses the statement when any function it
 * may reach is refused:
 * <ul>
 *   <li>calls, by name and schema or search path; overloads count together, since the argument types
 *       that choose among them are not known from the text;</li>
 *   <li>calls of names the catalog copy does not hold (a function created after it was read), refused as
 *       unknown while a background refresh runs; key words, type names and column-alias lists
 *       ({@code AS e(a, b)}, {@code FROM t e(a)}, {@code WITH x(a) AS}) are not calls;</li>
 *   <li>attribute notation: a name right after {@code .} equal to that of a function of one row argument
 *       ({@code g.f} is {@code f(g)});</li>
 *   <li>operators created after initdb, through the functions each calls (its code and selectivity estimators;
 *       {@code OPERATOR(schema.op)} too), written or implied by syntax ({@link ImpliedOperators}: IN, CASE x WHEN,
 *       NULLIF, IS DISTINCT FROM, BETWEEN, LIKE, ILIKE, SIMILAR TO, JOIN USING/NATURAL), and members of operator
 *       families created or extended after initdb, which PostgreSQL calls by type; both only when values of
 *       their operand types may occur in the text ({@link OperatorOperands});</li>
 *   <li>type names where the grammar expects a type ({@link TypePositions}: casts, typed literals, column
 *       definition lists, {@code null::t}; relation names anywhere, as their rows are values of their row
 *       type), through the CHECK constraints of domains, of the fields of composites and row types and of
 *       array elements, recursively; in casts, the input and output functions of the OID alias types;</li>
 *   <li>user casts with a refused function, wherever the text may produce a value of the cast's source type
 *       ({@link ImplicitCastSources}), since PostgreSQL applies implicit and assignment casts unnamed;</li>
 *   <li>relations, through the functions of their views, nested views and row-level security policies, and
 *       what planning them folds: index expressions and predicates, extended-statistics expressions, the
 *       partition key and CHECK constraints, of the relation, its children and the relations under a view.</li>
 * </ul>
 * What the text check cannot know is what changed in the catalog since it was read (a function replaced,
 * an index added); the verbose plan is checked again afterwards, and a role without EXECUTE stops the rest.
 * A built-in function is judged by its {@link BuiltinFunctions class}; an extension function, a user
 * function (SECURITY DEFINER or not) or an unclassified built-in one is refused unless the allowlist
 * names it exactly, as {@code schema.name} or {@code extension.name}.
 */
public final class FunctionCheck {

    /** The names a configuration allows exactly. */
    @FunctionalInterface
    public interface Allowlist {
        /** Nothing is allowed beyond the built-in read functions. */
        Allowlist NONE = (schemaOrExtension, name) -> false;

        /** True when {@code schemaOrExtension.name} (or {@code name} alone) is allowed by an exact entry. */
        boolean allows(String schemaOrExtension, String name);
    }

    /**
     * Why the statement is refused and what to do instead.
     *
     * @param code the refusal's code for the agent: {@code denied-function}, or {@code unknown-function} for a
     *             name the catalog snapshot does not hold yet
     */
    public record Refusal(String message, String hint, String code) {

        public Refusal(String message, String hint) {
            this(message, hint, "denied-function");
        }
    }

    /** Words a plan shows before a parenthesis that are not functions in pg_proc. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("in", "exists", "any", "all", "some", "row", "array",
            "cast", "coalesce", "greatest", "least", "nullif", "values", "over", "filter", "within", "as", "and",
            "or", "not", "on", "using", "then", "else", "when", "case", "is", "by", "from", "select", "where",
            "xmlelement", "xmlforest", "xmlconcat", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmlexists",
            "xmlattributes", "trim", "treat", "grouping", "distinct", "lateral", "join", "with", "subplan",
            "initplan", "hashed", "group", "returning", "like", "ilike", "similar", "between", "to", "at", "zone", "for",
            "operator", "collate", "escape", "variadic", "current_timestamp", "current_time", "localtime",
            "localtimestamp", "current_date", "current_role", "current_user", "session_user", "user",
            "current_catalog", "current_schema", "system_user", "xmlagg", "json_object", "json_array",
            "xmltable", "passing", "path", "columns", "default", "json_table", "json_query", "json_value",
            "json_exists", "json_objectagg", "json_arrayagg", "nested", "error", "empty", "keys", "format");

    /**
     * Unreserved words that PostgreSQL's grammar puts before a parenthesis as syntax, not as a call
     * ({@code GROUP BY CUBE (a)}, {@code TABLESAMPLE ... REPEATABLE (1)}, {@code AS MATERIALIZED (...)},
     * {@code FETCH FIRST (5) ROWS ONLY}, {@code INTERVAL '1' SECOND (3)}).
     */
    private static final Set<String> SYNTAX_BEFORE_PARENTHESIS = Set.of("rollup", "cube", "sets", "repeatable",
            "materialized", "varying", "precision", "xmlnamespaces", "first", "next", "second");
    /** Refreshes asked for by unknown names are at least this far apart, so that typos cannot flood the database. */
    private static final long REFRESH_INTERVAL_NANOS = 1_000_000_000L;

    /** Bounds the memory of unknown names; a name forgotten is only looked at once more. */
    private static final int UNKNOWN_NAMES_KEPT = 10_000;

    private final PolicyCatalog catalog;
    private final BuiltinFunctions builtins;
    private final boolean hidesObjects;
    private final Allowlist allowlist;
    /** Names met in a plan and not found in pg_proc, with when; still unknown after a refresh means not a function. */
    private final Map<String, Long> unknownSince = new ConcurrentHashMap<>();
    /** When an unknown name in a text last asked for a catalog refresh ({@link System#nanoTime()}). */
    private final AtomicLong lastRefreshAsked = new AtomicLong(System.nanoTime() - REFRESH_INTERVAL_NANOS - 1);

    /**
     * @param hidesObjects refuse the {@link FunctionClass#CATALOG catalog} functions too (profiles that hide
     *                     schemas, tables or columns)
     */
    public FunctionCheck(PolicyCatalog catalog, BuiltinFunctions builtins, boolean hidesObjects, Allowlist allowlist) {
        this.catalog = catalog;
        this.builtins = builtins;
        this.hidesObjects = hidesObjects;
        this.allowlist = allowlist;
    }

    /** The first refusal for what the statement's text may call, or empty. */
    public Optional<Refusal> checkText(StatementText statement) {
        for (FunctionCall call : statement.functionCalls()) {
            Optional<Refusal> refusal = checkCall(call, " (at character " + call.position() + ")");
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        List<SqlToken> tokens = statement.tokens();
        ImplicitCalls implicit = catalog.implicitCalls();
        for (int index = 0; index < tokens.size(); index++) {
            int i = index;
            SqlToken token = tokens.get(i);
            String at = " (at character " + (token.start() + 1) + ")";
            Optional<Refusal> refusal = Optional.empty();
            if (token.kind() == SqlToken.Kind.OPERATOR) {
                refusal = checkOperator(tokens, i, at);
            } else if (isIdentifier(token)) {
                refusal = checkObjectName(tokens, i, at).or(() -> checkType(tokens, i, at))
                        .or(() -> checkRelation(tokens, i, at))
                        .or(() -> checkAttributeCall(tokens, i, at, implicit))
                        .or(() -> checkUnknownCall(tokens, i, at, implicit));
            }
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        Optional<Refusal> impliedRefusal = checkImpliedOperators(tokens).or(() -> checkFamilyMembers(tokens));
        if (impliedRefusal.isPresent()) {
            return impliedRefusal;
        }
        for (ImplicitCalls.ImplicitCast cast : implicit.casts()) {
            Optional<Refusal> refused = checkFunction(cast.function(), ", which the " + castKind(cast) + " cast "
                    + cast.displayName() + " calls,");
            if (refused.isPresent()) {
                Optional<String> source = ImplicitCastSources.find(tokens, cast);
                if (source.isPresent() && (cast.context() != 'e' || ImplicitCastSources.namesTarget(tokens, cast))) {
                    return Optional.of(new Refusal("The query may convert a value of type " + cast.source() + " to "
                            + cast.target() + " with a cast the text does not name: " + source.get() + " may give such a "
                            + "value, and PostgreSQL then applies the " + castKind(cast) + " cast "
                            + cast.displayName() + ". "
                            + refused.get().message(), "Avoid values of type " + cast.source() + " in this query, or "
                            + "ask the operator to allow " + cast.function().displayName() + " by name (functions.allow "
                            + "in a policy profile, see docs/policy.md) or to recreate the cast without AS IMPLICIT "
                            + "and AS ASSIGNMENT."));
                }
            }
        }
        return Optional.empty();
    }

    private static String castKind(ImplicitCalls.ImplicitCast cast) {
        return cast.context() == 'i' ? "implicit" : cast.context() == 'a' ? "assignment" : "explicit";
    }

    /**
     * Attribute notation: {@code g.f}, {@code (g).f} and {@code g."f"} call {@code f(g)} when no column has
     * the name, so every identifier right after a {@code .} named like a function of one composite (or
     * pseudo-typed) argument is checked like a call of it; elsewhere (a column alias, {@code AS f}) the
     * word calls nothing.
     */
    private Optional<Refusal> checkAttributeCall(List<SqlToken> tokens, int i, String at, ImplicitCalls implicit) {
        if ((i + 1 < tokens.size() && tokens.get(i + 1).is("(")) || i == 0 || !tokens.get(i - 1).is(".")) {
            return Optional.empty();
        }
        for (Function function : implicit.rowFunctions(tokens.get(i).identifierValue())) {
            Optional<Refusal> refusal = checkFunction(function, at + ", which takes a row and so is called by "
                    + "attribute notation (row." + function.name() + " means " + function.name() + "(row)),");
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /**
     * A call of a name the catalog snapshot does not hold: a function created after the snapshot would run
     * while PostgreSQL plans, before pgmcp could judge it, so it is refused until a refresh (asked for here)
     * shows what it is. Key words that take parentheses, type names (modifiers, function-style casts) and
     * column-alias lists ({@code AS e(a, b)}, {@code FROM t e(a, b)}, {@code WITH x(a, b) AS}) are no calls.
     */
    private Optional<Refusal> checkUnknownCall(List<SqlToken> tokens, int i, String at, ImplicitCalls implicit) {
        int open = i + 1;
        if (tokens.get(i).kind() == SqlToken.Kind.QUOTED_IDENTIFIER && open + 1 < tokens.size()
                && tokens.get(open).isKeyword("UESCAPE")) {
            open += 2;
        }
        if (open >= tokens.size() || !tokens.get(open).is("(")) {
            return Optional.empty();
        }
        SqlToken token = tokens.get(i);
        String name = token.identifierValue(unicodeEscape(tokens, i));
        Optional<QualifiedName> qualifier = i >= 2 && tokens.get(i - 1).is(".")
                ? QualifiedName.endingAt(tokens, i - 2) : Optional.empty();
        boolean qualified = qualifier.isPresent();
        String schema = qualifier.map(QualifiedName::name).orElse(null);
        if (!catalog.functions(schema, name).isEmpty() || catalog.isTypeTakingParentheses(name)) {
            return Optional.empty();
        }
        if (!qualified && token.kind() == SqlToken.Kind.WORD) {
            char category = implicit.keywordCategory(name);
            if (NOT_FUNCTIONS.contains(name) || SYNTAX_BEFORE_PARENTHESIS.contains(name) || category == 'R'
                    || category == 'C') {
                return Optional.empty();
            }
        }
        if (isColumnAliasList(tokens, qualified ? qualifier.get().last() : i, open, implicit)) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        long last = lastRefreshAsked.get();
        if (now - last > REFRESH_INTERVAL_NANOS && lastRefreshAsked.compareAndSet(last, now)) {
            catalog.refreshInBackground();
        }
        String display = schema == null ? name : schema + "." + name;
        return Optional.of(new Refusal("The function " + display + at + " is unknown: pgmcp's copy of the catalog "
                + "has no function of this name" + (schema == null ? " on the search path" : " in that schema")
                + ", and a function pgmcp has not judged could run while PostgreSQL plans the query.",
                "Check the name; if the function was created recently, retry in a moment, once pgmcp has re-read "
                        + "the catalog (it is doing so now).", "unknown-function"));
    }

    /** The escape character of a {@code U&"..."} name followed by {@code UESCAPE '!'}. */
    private static char unicodeEscape(List<SqlToken> tokens, int i) {
        if (i + 2 < tokens.size() && tokens.get(i + 1).isKeyword("UESCAPE")
                && tokens.get(i + 2).kind() == SqlToken.Kind.STRING && tokens.get(i + 2).text().length() == 3) {
            return tokens.get(i + 2).text().charAt(1);
        }
        return '\\';
    }

    /**
     * True when the name at {@code first} (its schema, if qualified) with the parenthesis at {@code open}
     * is a column-alias list: after {@code AS}, after a closing parenthesis (a subquery or function in FROM),
     * after a relation name that is no key word, or a WITH query's name followed by {@code ) AS (}.
     */
    static boolean isColumnAliasList(List<SqlToken> tokens, int first, int open, ImplicitCalls implicit) {
        if (first == 0) {
            return false;
        }
        SqlToken before = tokens.get(first - 1);
        if (before.isKeyword("AS") || before.is(")")) {
            return true;
        }
        if (before.kind() == SqlToken.Kind.QUOTED_IDENTIFIER
                || (before.kind() == SqlToken.Kind.WORD && (implicit.keywordCategory(before.identifierValue()) == 0
                    || (first >= 2 && tokens.get(first - 2).is("."))))) {
            return true;
        }
        if (before.isKeyword("WITH") || before.isKeyword("RECURSIVE") || before.is(",")) {
            int close = matching(tokens, open);
            if (close > 0 && close + 2 < tokens.size() && tokens.get(close + 1).isKeyword("AS")) {
                SqlToken after = tokens.get(close + 2);
                return after.is("(") || after.isKeyword("NOT") || after.isKeyword("MATERIALIZED");
            }
        }
        return false;
    }

    /** The index of the parenthesis closing the one at {@code open}, or -1. */
    private static int matching(List<SqlToken> tokens, int open) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            if (tokens.get(j).is("(")) {
                depth++;
            } else if (tokens.get(j).is(")") && --depth == 0) {
                return j;
            }
        }
        return -1;
    }

    /** The refusal for a call, found in the text or the plan, or empty (also when no function has the name). */
    public Optional<Refusal> checkCall(FunctionCall call, String where) {
        for (Function function : catalog.functions(call.schema(), call.name())) {
            Optional<Refusal> refusal = checkFunction(function, where);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /** The refusal for one function, or empty when it may run. */
    public Optional<Refusal> checkFunction(Function function, String where) {
        if (allowed(function)) {
            return Optional.empty();
        }
        String subject = "The function " + function.displayName() + where + " ";
        String allowHint = "Remove the call, or ask the operator to allow " + function.displayName()
                + " by name (functions.allow in a policy profile, see docs/policy.md).";
        if (!function.builtin()) {
            String what = function.extension() != null ? "belongs to the extension " + function.extension()
                    : "is a user-defined function";
            if (function.securityDefiner()) {
                what += " that runs with its owner's privileges (SECURITY DEFINER)";
            }
            return Optional.of(new Refusal(subject + what + ", and pgmcp cannot see what it does, so it does not run "
                    + "it.", allowHint));
        }
        Optional<BuiltinFunctions.Entry> entry = builtins.entry(function.schema(), function.name());
        if (entry.isEmpty()) {
            return Optional.of(new Refusal(subject + "is a built-in function that pgmcp has not classified (a newer "
                    + "PostgreSQL version?), so it does not run it.", allowHint));
        }
        return switch (entry.get().functionClass()) {
            case READ -> Optional.empty();
            case CATALOG -> hidesObjects ? Optional.of(new Refusal(subject + entry.get().reason()
                    + ", and this policy hides objects, so pgmcp does not run it.", "Remove the call; use the "
                    + "list_tables and describe_table tools, which show what this policy allows.")) : Optional.empty();
            case REFUSE -> Optional.of(new Refusal(subject + entry.get().reason() + ", so pgmcp does not run it.",
                    "Remove the call; only functions without side effects run."));
        };
    }

    /**
     * True while a name the plan shows before a parenthesis may be a function newer than the catalog
     * facts: not a key word or type, not in pg_proc, and met before the last refresh (which it asks for).
     */
    public boolean unknownFunction(FunctionCall call) {
        String name = call.name();
        char category = catalog.implicitCalls().keywordCategory(name);
        if (NOT_FUNCTIONS.contains(name) || SYNTAX_BEFORE_PARENTHESIS.contains(name) || category == 'R'
                || category == 'C' || catalog.isTypeTakingParentheses(name) || catalog.isFunction(name)) {
            return false;
        }
        if (unknownSince.size() > UNKNOWN_NAMES_KEPT) {
            unknownSince.clear();
        }
        long firstMet = unknownSince.computeIfAbsent(name, n -> System.nanoTime());
        if (catalog.loadedAtNanos() > firstMet) {
            return false;
        }
        catalog.refreshInBackground();
        return true;
    }

    private boolean allowed(Function function) {
        return allowlist.allows(function.schema(), function.name())
                || (function.extension() != null && allowlist.allows(function.extension(), function.name()));
    }

    /**
     * A user operator, by the function it calls. {@code OPERATOR(a.b.op)} names its schema with any number of
     * parts before it, read whole ({@link QualifiedName}): a first part equal to the current database is dropped,
     * and a name PostgreSQL could not read as the current database's operator is refused.
     */
    private Optional<Refusal> checkOperator(List<SqlToken> tokens, int i, String at) {
        String name = tokens.get(i).text();
        String schema = null;
        Optional<QualifiedName> qualifier = i >= 2 && tokens.get(i - 1).is(".")
                ? QualifiedName.endingAt(tokens, i - 2) : Optional.empty();
        if (qualifier.isPresent() && qualifier.get().first() >= 2 && tokens.get(qualifier.get().first() - 1).is("(")
                && tokens.get(qualifier.get().first() - 2).isKeyword("operator")) {
            List<String> parts = new java.util.ArrayList<>(qualifier.get().parts());
            parts.add(name);
            QualifiedName whole = new QualifiedName(parts, qualifier.get().first(), i);
            Optional<Refusal> improper = improperName(whole, at);
            if (improper.isPresent()) {
                return improper;
            }
            List<String> relative = whole.withoutDatabase(catalog.currentDatabase());
            schema = relative.size() == 2 ? relative.get(0) : null;
        }
        return checkOperators(catalog.operators(schema, name), tokens, "the operator", at);
    }

    /**
     * The refusal for user operators of one name that the text writes or its syntax implies, each judged only
     * when values of its operand types may occur in the text ({@link OperatorOperands}).
     */
    private Optional<Refusal> checkOperators(List<PolicyCatalog.Operator> operators, List<SqlToken> tokens,
                                             String how, String at) {
        for (PolicyCatalog.Operator operator : operators) {
            Optional<Refusal> refusal = checkFunction(operator.function(), ", called by " + how + " "
                    + operator.schema() + "." + operator.name() + at + ",");
            if (refusal.isPresent()) {
                Optional<String> operands = OperatorOperands.mayApply(operator, tokens, catalog.implicitCalls());
                if (operands.isPresent()) {
                    return Optional.of(new Refusal(refusal.get().message() + " Values of its operand types may "
                            + "occur: " + operands.get() + ".", refusal.get().hint()));
                }
            }
        }
        return Optional.empty();
    }

    /** Operators the syntax calls by name without writing them (IN, CASE x WHEN, BETWEEN, LIKE, ...). */
    private Optional<Refusal> checkImpliedOperators(List<SqlToken> tokens) {
        for (ImpliedOperators.Implied implied : ImpliedOperators.find(tokens)) {
            Optional<Refusal> refusal = checkOperators(catalog.operators(null, implied.name()), tokens,
                    implied.form() + ", which calls the operator", " (at character " + implied.position() + ")");
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /**
     * Members of operator families added after initdb: PostgreSQL calls them by type to sort, group, hash and
     * compare (ORDER BY, GROUP BY, DISTINCT, set operations, joins, window clauses, GREATEST/LEAST, min/max,
     * array, row and range comparisons and range construction, the last ones folded while planning).
     */
    private Optional<Refusal> checkFamilyMembers(List<SqlToken> tokens) {
        ImplicitCalls implicit = catalog.implicitCalls();
        for (ImplicitCalls.FamilyMember member : implicit.familyMembers()) {
            Optional<Refusal> refusal = checkFunction(member.function(), ", a member of the " + member.access()
                    + " operator family " + member.family() + ",");
            if (refusal.isPresent()) {
                Optional<String> values = OperatorOperands.mayApply(member, tokens, implicit);
                if (values.isPresent()) {
                    return Optional.of(new Refusal(refusal.get().message() + " PostgreSQL calls it by type (to sort, "
                            + "group, hash or compare values, also while planning), and " + values.get()
                            + " may give such values.", "Avoid values of the types of that operator family in this "
                            + "query, or ask the operator to allow " + member.function().displayName() + " by name "
                            + "(functions.allow in a policy profile, see docs/policy.md)."));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The refusal for a dotted name PostgreSQL cannot read as an object of the current database (more than three
     * parts, or a first part naming another database), or empty. pgmcp's checks look such a name up by its last
     * parts; PostgreSQL would refuse it anyway, so nothing is lost by refusing it first.
     */
    private Optional<Refusal> improperName(QualifiedName name, String at) {
        return name.problemAsObjectName(catalog.currentDatabase()).map(problem -> new Refusal("The query names an "
                + "object as " + String.join(".", name.parts()) + at + ", which is no name of this database's "
                + "objects: " + problem + ".", "Write the name as schema.name (or name alone, for an object on the "
                + "search path).", "improper-name"));
    }

    /**
     * Dotted names in the positions of an object name: a function call ({@code a.b.c(}) or a type after
     * {@code ::}; refused when PostgreSQL could not read them as a name of this database's objects.
     */
    private Optional<Refusal> checkObjectName(List<SqlToken> tokens, int i, String at) {
        Optional<QualifiedName> name = QualifiedName.startingAt(tokens, i);
        if (name.isEmpty() || name.get().size() < QualifiedName.MAX_PARTS) {
            return Optional.empty();
        }
        int after = name.get().last() + 1;
        boolean call = after < tokens.size() && tokens.get(after).is("(");
        boolean type = i >= 1 && tokens.get(i - 1).is("::");
        return call || type ? improperName(name.get(), at) : Optional.empty();
    }

    private Optional<Refusal> checkType(List<SqlToken> tokens, int i, String at) {
        String type = tokens.get(i).identifierValue();
        boolean typePosition = TypePositions.isTypeName(tokens, i, catalog.implicitCalls());
        // A value is coerced to a domain outside casts too: column definition lists (json_to_record(...) AS
        // r(c dom), XMLTABLE ... COLUMNS c dom), json_populate_record(null::comp, ...) with a field of the domain,
        // and the rows of a relation with a column of the domain, wherever the relation is named.
        List<Function> domainFunctions = catalog.implicitCalls().domainFunctions(type);
        if (!domainFunctions.isEmpty() && !typePosition && !namesRelation(tokens, i)) {
            domainFunctions = List.of();
        }
        for (Function function : domainFunctions) {
            Optional<Refusal> refusal = checkFunction(function, ", called by a CHECK constraint of a domain that "
                    + "values of the type " + type + at + " are checked against (the type itself, a field or an "
                    + "element of it),");
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        Optional<String> alias = catalog.oidAliasOf(type);
        if (alias.isPresent()) {
            // A value of regclass, regtype, ... (or of an array of one, or a domain over either, wherever the type
            // is named: a cast, a column definition list) passes the alias type's input or output function, which
            // turns an OID into a name or back; both are catalog functions ('17017'::regclass::text names a table).
            for (String io : List.of(alias.get() + "in", alias.get() + "out")) {
                for (Function function : catalog.functions("pg_catalog", io)) {
                    Optional<Refusal> refusal = checkFunction(function, ", called by values of the type " + type + at
                            + ",");
                    if (refusal.isPresent()) {
                        return refusal;
                    }
                }
            }
        }
        if (!typePosition) {
            return Optional.empty();
        }
        for (Function function : catalog.functionsOfType(type)) {
            Optional<Refusal> refusal = checkFunction(function, ", called by a cast to or from the type " + type
                    + at + " (a domain CHECK constraint),");
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    /**
     * What planning a read of a relation runs, for every relation a dotted name may stand for: each pair of
     * adjacent parts as {@code schema.relation} ({@code db.hr.employees}, {@code hr.employees.name}) and its last
     * part through the search path.
     */
    private Optional<Refusal> checkRelation(List<SqlToken> tokens, int i, String at) {
        Optional<QualifiedName> name = QualifiedName.startingAt(tokens, i);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = name.get().parts();
        List<String[]> candidates = new java.util.ArrayList<>();
        for (int p = 0; p + 1 < parts.size(); p++) {
            candidates.add(new String[] {parts.get(p), parts.get(p + 1)});
        }
        catalog.resolve(name.get().name()).ifPresent(r -> candidates.add(new String[] {r.schema(), r.name()}));
        for (String[] candidate : candidates) {
            String relation = candidate[0] + "." + candidate[1];
            for (Function function : catalog.functionsOfRelation(candidate[0], candidate[1])) {
                Optional<Refusal> refusal = checkFunction(function, ", called when PostgreSQL plans a read of "
                        + relation + at + " (by a view, a row security policy, an index expression or predicate, "
                        + "extended statistics, the partition key or a CHECK constraint, of it or of a child),");
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
        }
        return Optional.empty();
    }

    /** True when the name at {@code i} (the last part of a qualified name too) is that of a relation. */
    private boolean namesRelation(List<SqlToken> tokens, int i) {
        String name = tokens.get(i).identifierValue();
        if (i >= 2 && tokens.get(i - 1).is(".") && isIdentifier(tokens.get(i - 2))) {
            return catalog.relation(tokens.get(i - 2).identifierValue(), name).isPresent();
        }
        return catalog.resolve(name).isPresent();
    }


    private static boolean isIdentifier(SqlToken token) {
        return token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
    }
}
