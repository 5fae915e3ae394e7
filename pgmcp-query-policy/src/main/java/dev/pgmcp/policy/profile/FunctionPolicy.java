package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.policy.functions.SideEffectFunctions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A profile's function policy, applied to the calls in the agent's text (names quoted,
 * schema-qualified, {@code U&}-escaped, in FROM; checked before planning, because PostgreSQL runs
 * IMMUTABLE functions while planning) and to the calls in the verbose plan (views and inlined SQL
 * functions expanded):
 * <ol>
 *   <li>the side-effect denylist ({@link SideEffectFunctions}), unless the allowlist names the function;</li>
 *   <li>the profile's extra denylist (deny wins over allow);</li>
 *   <li>VOLATILE functions ({@code pg_proc.provolatile}) outside the allowlist, when refused;</li>
 *   <li>with {@code strict}, every function outside the allowlist (names that are also type names, as in
 *       casts and type modifiers such as {@code numeric(10,2)}, excepted).</li>
 * </ol>
 */
public final class FunctionPolicy implements QueryPolicy {

    /** Words the plan shows before a parenthesis that are not functions in pg_proc. */
    private static final Set<String> NOT_FUNCTIONS = Set.of("in", "exists", "any", "all", "some", "row", "array",
            "cast", "coalesce", "greatest", "least", "nullif", "values", "over", "filter", "within", "as", "and",
            "or", "not", "on", "using", "then", "else", "when", "case", "is", "by", "from", "select", "where",
            "xmlelement", "xmlforest", "xmlconcat", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmlexists",
            "xmlattributes", "trim", "treat", "grouping", "distinct", "lateral", "join", "with", "subplan",
            "initplan", "hashed", "returning", "like", "ilike", "similar", "between", "to", "at", "zone", "for",
            "operator", "collate", "escape", "variadic", "current_timestamp", "current_time", "localtime",
            "localtimestamp", "current_date", "current_role", "current_user", "session_user", "user",
            "current_catalog", "current_schema", "system_user", "xmlagg", "json_object", "json_array");

    /** Bounds the memory of unknown names; a name forgotten is only looked at once more. */
    private static final int UNKNOWN_NAMES_KEPT = 10_000;

    private final String profile;
    private final FunctionRules rules;
    private final PolicyCatalog catalog;
    /** Names met in a plan and not found in pg_proc, with when; still unknown after a refresh means not a function. */
    private final Map<String, Long> unknownSince = new ConcurrentHashMap<>();

    public FunctionPolicy(String profile, FunctionRules rules, PolicyCatalog catalog) {
        this.profile = profile;
        this.rules = rules;
        this.catalog = catalog;
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        for (FunctionCall call : statement.functionCalls()) {
            check(call, " (at character " + call.position() + ")", false);
        }
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        for (FunctionCall call : plan.functions()) {
            check(call, ", called through a view or function the query uses,", true);
        }
    }

    private void check(FunctionCall call, String where, boolean fromPlan) throws QueryRefusedException {
        String name = call.name();
        String display = call.schema() == null ? name : call.schema() + "." + name;
        boolean allowed = rules.allowed(call.schema(), name);
        Optional<NameGlob> denied = deniedBy(call.schema(), name);
        if (denied.isPresent()) {
            throw refuse("denied-function", profile, "The function " + display + where + " is denied by \""
                    + denied.get() + "\"", "Remove the call.");
        }
        Optional<String> sideEffect = SideEffectFunctions.reasonFor(name);
        if (sideEffect.isPresent() && !rules.allowedExactly(call.schema(), name)) {
            throw refuse("denied-function", profile, "The function " + display + where + " " + sideEffect.get()
                    + ", so pgmcp does not run it", "Remove the call; only functions without side effects run.");
        }
        if (allowed || !(rules.refuseVolatile() || rules.strict())) {
            return;
        }
        Optional<Boolean> isVolatile = catalog.isVolatile(call.schema(), name);
        if (isVolatile.isEmpty() && call.schema() != null) {
            isVolatile = catalog.isVolatile(null, name);
        }
        boolean typeName = catalog.isType(name);
        if (isVolatile.isEmpty()) {
            if (fromPlan && !typeName && !NOT_FUNCTIONS.contains(name) && unknownFunction(name)) {
                throw refuse("unknown-function", profile, "The function " + display + where
                        + " is newer than pgmcp's copy of the catalog, so its volatility is not known yet",
                        "Try again in a few seconds, once the catalog was re-read.");
            }
            return;
        }
        if (rules.refuseVolatile() && isVolatile.get()) {
            throw refuse("volatile-function", profile, "The function " + display + where
                    + " is VOLATILE (it may change state or give a different result each call)",
                    "Remove the call, or ask the operator to add it to functions.allow of this policy.");
        }
        if (rules.strict() && !typeName) {
            throw refuse("function-not-allowed", profile, "The function " + display + where
                    + " is not in this policy's function allowlist", "Use only the allowed functions: "
                    + rules.names().allow().stream().map(NameGlob::text).toList() + ".");
        }
    }

    /**
     * The deny glob that matches the call. A call written without a schema may reach a function of
     * that name in any schema on the search path (and the plan leaves the schema out too), so a glob
     * with a schema part denies it when it matches any schema that holds such a function.
     */
    private Optional<NameGlob> deniedBy(String schema, String name) {
        Optional<NameGlob> denied = rules.names().deniedBy(schema, name);
        if (denied.isPresent() || schema != null) {
            return denied;
        }
        for (String inSchema : catalog.schemasOfFunction(name)) {
            denied = rules.names().deniedBy(inSchema, name);
            if (denied.isPresent()) {
                return denied;
            }
        }
        return Optional.empty();
    }

    /** True while a name unknown to pg_proc may be a new function: until a refresh after it was first met. */
    private boolean unknownFunction(String name) {
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
}
