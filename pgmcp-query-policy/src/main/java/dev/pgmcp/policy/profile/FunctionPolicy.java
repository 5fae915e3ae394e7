package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.policy.functions.BuiltinFunctions;
import dev.pgmcp.policy.functions.FunctionCheck;
import java.util.List;
import java.util.Optional;

/**
 * A profile's function policy, applied to the calls in the agent's text (names quoted,
 * schema-qualified, {@code U&}-escaped, in FROM; checked before planning, because PostgreSQL runs
 * IMMUTABLE functions while planning) and to the calls in the verbose plan (views and inlined SQL
 * functions expanded):
 * <ol>
 *   <li>the profile's denylist (deny wins over allow);</li>
 *   <li>the function classes ({@link FunctionCheck}): built-in functions by the shipped table, catalog
 *       functions refused when the profile hides objects, extension and user functions and those behind
 *       user-defined operators, casts, domains and views refused, unless the allowlist names them exactly;</li>
 *   <li>VOLATILE functions ({@code pg_proc.provolatile}) outside the allowlist, when refused (not the
 *       sampling method of {@code TABLESAMPLE}, a handler that the function classes judge alone);</li>
 *   <li>with {@code strict}, every function outside the allowlist (names that are also type names, as in
 *       casts and type modifiers such as {@code numeric(10,2)}, excepted).</li>
 * </ol>
 */
public final class FunctionPolicy implements QueryPolicy {

    private final String profile;
    private final FunctionRules rules;
    private final PolicyCatalog catalog;
    private final FunctionCheck check;

    /**
     * @param hidesObjects whether the profile hides schemas, tables or columns, so that functions that
     *                     reveal catalog objects are refused
     */
    public FunctionPolicy(String profile, FunctionRules rules, PolicyCatalog catalog, boolean hidesObjects) {
        this.profile = profile;
        this.rules = rules;
        this.catalog = catalog;
        this.check = new FunctionCheck(catalog, BuiltinFunctions.shipped(), hidesObjects, rules::allowedExactly);
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        List<SqlToken> tokens = statement.tokens();
        for (FunctionCall call : statement.functionCalls()) {
            check(call, " (at character " + call.position() + ")", false, isSamplingMethod(tokens, call));
        }
        Optional<FunctionCheck.Refusal> refusal = check.checkText(statement);
        if (refusal.isPresent()) {
            throw refuse(refusal.get().code(), profile, strip(refusal.get().message()), refusal.get().hint());
        }
    }

    /**
     * True when the call is the sampling method of {@code TABLESAMPLE method (args)}: PostgreSQL calls the
     * method's tsm_handler function once to get the sampling routines, not with the arguments, so the
     * function classes judge it (built-in {@code system} and {@code bernoulli} run, an extension's method is
     * an extension function) and the volatility rule, which no handler passes, does not.
     */
    private static boolean isSamplingMethod(List<SqlToken> tokens, FunctionCall call) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).start() + 1 == call.position()) {
                int before = call.schema() == null ? i - 1 : i - 3;
                return before >= 0 && tokens.get(before).isKeyword("TABLESAMPLE");
            }
        }
        return false;
    }

    /** A refusal's message without its final full stop, since the profile's name follows. */
    private static String strip(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        for (FunctionCall call : plan.functions()) {
            check(call, ", called through a view or function the query uses,", true, false);
        }
    }

    private void check(FunctionCall call, String where, boolean fromPlan, boolean samplingMethod)
            throws QueryRefusedException {
        String name = call.name();
        String display = call.schema() == null ? name : call.schema() + "." + name;
        boolean allowed = rules.allowed(call.schema(), name);
        Optional<NameGlob> denied = deniedBy(call.schema(), name);
        if (denied.isPresent()) {
            throw refuse("denied-function", profile, "The function " + display + where + " is denied by \""
                    + denied.get() + "\"", "Remove the call.");
        }
        Optional<FunctionCheck.Refusal> refusal = check.checkCall(call, where);
        if (refusal.isPresent()) {
            throw refuse("denied-function", profile, strip(refusal.get().message()), refusal.get().hint());
        }
        if (allowed || samplingMethod || !(rules.refuseVolatile() || rules.strict())) {
            return;
        }
        Optional<Boolean> isVolatile = catalog.isVolatile(call.schema(), name);
        if (isVolatile.isEmpty() && call.schema() != null) {
            isVolatile = catalog.isVolatile(null, name);
        }
        boolean typeName = catalog.isType(name);
        if (isVolatile.isEmpty()) {
            if (fromPlan && check.unknownFunction(call)) {
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
}
