package dev.pgmcp.policy;

import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.policy.complexity.ComplexityLimit;
import dev.pgmcp.policy.complexity.PlanCostLimit;
import dev.pgmcp.policy.functions.FunctionAllowlistPolicy;
import java.util.List;

/**
 * The policy the hosts apply when no other is configured: the function allowlist (built-in read functions only), the
 * planner cost limit and the join and nesting limits.
 */
public final class DefaultPolicy {

    private DefaultPolicy() {
    }

    /** The default policy with the default limits. */
    public static QueryPolicy of() {
        return of(PlanCostLimit.DEFAULT_MAX_COST, ComplexityLimit.DEFAULT_MAX_JOINS,
                ComplexityLimit.DEFAULT_MAX_SUBQUERY_DEPTH);
    }

    /** The default policy with the given limits. */
    public static QueryPolicy of(double maxCost, int maxJoins, int maxSubqueryDepth) {
        return QueryPolicy.allOf(List.of(new FunctionAllowlistPolicy(), new PlanCostLimit(maxCost),
                new ComplexityLimit(maxJoins, maxSubqueryDepth)));
    }
}
