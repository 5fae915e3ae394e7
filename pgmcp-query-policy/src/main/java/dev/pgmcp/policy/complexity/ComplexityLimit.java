package dev.pgmcp.policy.complexity;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.query.QueryModel;

/**
 * Refuses queries with too many joins or too deeply nested subqueries. For SQL that Calcite parsed
 * it counts on the query model before planning (joins as written, nesting of subqueries, derived
 * tables and WITH queries); for other SQL on the model built from the plan (join nodes, nesting of
 * SubPlans, InitPlans and subquery scans).
 */
public final class ComplexityLimit implements QueryPolicy {

    /** Default most joins in one query. */
    public static final int DEFAULT_MAX_JOINS = 16;
    /** Default deepest subquery nesting. */
    public static final int DEFAULT_MAX_SUBQUERY_DEPTH = 8;

    private final int maxJoins;
    private final int maxDepth;
    private final String profile;

    /**
     * @param maxJoins most joins allowed (0 or more)
     * @param maxDepth deepest subquery nesting allowed (0 or more)
     */
    public ComplexityLimit(int maxJoins, int maxDepth) {
        this(null, maxJoins, maxDepth);
    }

    /** The limits of a named policy profile, which refusals name; null limits mean none. */
    public ComplexityLimit(String profile, Integer maxJoins, Integer maxDepth) {
        this(profile, maxJoins == null ? Integer.MAX_VALUE : maxJoins, maxDepth == null ? Integer.MAX_VALUE : maxDepth);
    }

    private ComplexityLimit(String profile, int maxJoins, int maxDepth) {
        this.profile = profile;
        if (maxJoins < 0) {
            throw new IllegalArgumentException("max joins must be 0 or more, was " + maxJoins);
        }
        if (maxDepth < 0) {
            throw new IllegalArgumentException("max subquery depth must be 0 or more, was " + maxDepth);
        }
        this.maxJoins = maxJoins;
        this.maxDepth = maxDepth;
    }

    @Override
    public void checkModel(QueryModel model) throws QueryRefusedException {
        String counted = (model.parsed() ? "" : " in PostgreSQL's plan")
                + (profile == null ? "" : " (policy '" + profile + "')");
        String raise = profile == null ? "--max-joins" : "limits.max-joins of the policy";
        String raiseDepth = profile == null ? "--max-subquery-depth" : "limits.max-subquery-depth of the policy";
        if (model.joins() > maxJoins) {
            throw new QueryRefusedException(Layer.POLICY, "max-joins", "The query has " + model.joins() + " joins"
                    + counted + "; the limit is " + maxJoins + ".",
                    "Join fewer tables per query, or aggregate in steps; the operator can raise " + raise + ".");
        }
        if (model.subqueryDepth() > maxDepth) {
            throw new QueryRefusedException(Layer.POLICY, "max-subquery-depth", "The query nests subqueries "
                    + model.subqueryDepth() + " deep" + counted + "; the limit is " + maxDepth + ".",
                    "Flatten the query with joins or WITH queries; the operator can raise " + raiseDepth + ".");
        }
    }
}
