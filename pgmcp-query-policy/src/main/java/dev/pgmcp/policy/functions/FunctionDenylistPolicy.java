package dev.pgmcp.policy.functions;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.StatementText;
import java.util.Optional;

/**
 * Refuses statements that call a function with side effects ({@link SideEffectFunctions}). It checks
 * twice: the agent's text (names quoted, schema-qualified, {@code U&}-escaped, or in FROM), and
 * PostgreSQL's verbose plan, where calls hidden in views and inlined SQL functions appear.
 */
public final class FunctionDenylistPolicy implements QueryPolicy {

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        for (FunctionCall call : statement.functionCalls()) {
            Optional<String> reason = SideEffectFunctions.reasonFor(call.name());
            if (reason.isPresent()) {
                throw refusal(call.name(), reason.get(), " (at character " + call.position() + ")");
            }
        }
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        for (FunctionCall call : plan.functions()) {
            Optional<String> reason = SideEffectFunctions.reasonFor(call.name());
            if (reason.isPresent()) {
                throw refusal(call.name(), reason.get(), ", called through a view or function the query uses");
            }
        }
    }

    private static QueryRefusedException refusal(String name, String reason, String where) {
        return new QueryRefusedException(Layer.POLICY, "denied-function", "The function " + name + where + " "
                + reason + ", so pgmcp does not run it.", "Remove the call; only functions without side effects run.");
    }
}
