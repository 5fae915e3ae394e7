package dev.pgmcp.policy.complexity;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.StatementText;

/**
 * Refuses a statement whose planned total cost (from EXPLAIN, in PostgreSQL's cost units) is above a
 * limit, before it runs: cross joins of large tables and huge generate_series calls stop here instead
 * of running until the statement timeout.
 */
public final class PlanCostLimit implements QueryPolicy {

    /** The default limit: well above a full scan of a 100-million-row table, below a 1e9-row series. */
    public static final double DEFAULT_MAX_COST = 1e7;

    private final double maxCost;
    private final String profile;

    public PlanCostLimit(double maxCost) {
        this(maxCost, null);
    }

    /** A limit of a named policy profile, which refusals name. */
    public PlanCostLimit(double maxCost, String profile) {
        this.profile = profile;
        if (!(maxCost > 0) || Double.isInfinite(maxCost)) {
            throw new IllegalArgumentException("max cost must be a positive number, was " + maxCost);
        }
        this.maxCost = maxCost;
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        if (plan.totalCost() > maxCost) {
            throw new QueryRefusedException(Layer.POLICY, "max-cost", String.format(java.util.Locale.ROOT,
                    "PostgreSQL estimates this query at cost %.3g, above the limit of %.3g%s.", plan.totalCost(), maxCost,
                    profile == null ? "" : " (policy '" + profile + "')"),
                    "Add selective WHERE conditions or a LIMIT, join on keys, or aggregate; the operator can raise "
                            + (profile == null ? "--max-cost." : "limits.max-cost of the policy."));
        }
    }
}
