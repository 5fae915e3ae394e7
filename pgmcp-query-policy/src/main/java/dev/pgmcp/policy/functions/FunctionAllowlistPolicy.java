package dev.pgmcp.policy.functions;

import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.policy.profile.PolicyCatalog;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The hosts' default function policy: only functions pgmcp knows to be safe run. Built-in functions
 * are judged by the shipped table ({@link BuiltinFunctions}); extension and user functions, and the
 * functions behind user-defined operators, casts, domains, views and row security policies, are
 * refused ({@link FunctionCheck}). To allow one by name, configure a policy profile (docs/policy.md).
 *
 * <p>The check runs twice: on the agent's text before EXPLAIN, so that nothing refused runs even while
 * PostgreSQL plans, and on the verbose plan, as a second line. It needs the catalog, which
 * {@link #connect} reads; the executor connects its policy before the first statement.
 */
public final class FunctionAllowlistPolicy implements QueryPolicy {

    private final FunctionCheck check;

    /** The policy before it is connected: {@link #connect} returns the one that checks. */
    public FunctionAllowlistPolicy() {
        this.check = null;
    }

    private FunctionAllowlistPolicy(FunctionCheck check) {
        this.check = check;
    }

    @Override
    public QueryPolicy connect(DatabasePool pool) throws SQLException {
        return new FunctionAllowlistPolicy(new FunctionCheck(PolicyCatalog.load(pool), BuiltinFunctions.shipped(),
                false, FunctionCheck.Allowlist.NONE));
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        Optional<FunctionCheck.Refusal> refusal = connected().checkText(statement);
        if (refusal.isPresent()) {
            throw refusal(refusal.get());
        }
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        FunctionCheck connected = connected();
        String where = ", called through a view or function the query uses,";
        for (FunctionCall call : plan.functions()) {
            Optional<FunctionCheck.Refusal> refusal = connected.checkCall(call, where);
            if (refusal.isPresent()) {
                throw refusal(refusal.get());
            }
            if (connected.unknownFunction(call)) {
                throw new QueryRefusedException(Layer.POLICY, "unknown-function", "The function " + call.name() + where
                        + " is newer than pgmcp's copy of the catalog, so pgmcp does not know whether it is safe.",
                        "Try again in a few seconds, once the catalog was re-read.");
            }
        }
    }

    private FunctionCheck connected() {
        if (check == null) {
            throw new IllegalStateException("FunctionAllowlistPolicy is used before connect(pool); "
                    + "SafeExecutor connects its policy");
        }
        return check;
    }

    private static QueryRefusedException refusal(FunctionCheck.Refusal refusal) {
        return new QueryRefusedException(Layer.POLICY, refusal.code(), refusal.message(), refusal.hint());
    }
}
