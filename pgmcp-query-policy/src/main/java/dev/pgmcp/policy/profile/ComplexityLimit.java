package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.StatementText;

/** A profile's limits on joins and subquery nesting, counted in the plan; null means no limit. */
public final class ComplexityLimit implements QueryPolicy {

    private final String profile;
    private final Integer maxJoins;
    private final Integer maxSubqueryDepth;

    public ComplexityLimit(String profile, Integer maxJoins, Integer maxSubqueryDepth) {
        this.profile = profile;
        this.maxJoins = maxJoins;
        this.maxSubqueryDepth = maxSubqueryDepth;
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        if (maxJoins != null && plan.joins() > maxJoins) {
            throw refuse("max-joins", profile, "The plan has " + plan.joins() + " joins, more than the limit of "
                    + maxJoins, "Join fewer tables at once: split the question into smaller queries.");
        }
        if (maxSubqueryDepth != null && plan.subplanDepth() > maxSubqueryDepth) {
            throw refuse("max-subquery-depth", profile, "The plan nests subqueries " + plan.subplanDepth()
                    + " deep, more than the limit of " + maxSubqueryDepth,
                    "Flatten the query: use joins or CTEs instead of nested subqueries.");
        }
    }
}
