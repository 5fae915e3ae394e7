package dev.pgmcp.policy.profile;

import java.time.Duration;

/**
 * A profile's complexity and result limits; a null component takes the server-wide value
 * (options such as {@code --max-cost}, {@code --max-rows-ceiling}), and no join or depth limit.
 *
 * @param maxJoins         most join nodes in the plan
 * @param maxSubqueryDepth deepest nesting of subqueries the planner kept
 * @param maxCost          highest planner total cost
 * @param maxRows          most rows a call may return
 * @param maxResultBytes   approximate size cap of a result as JSON
 * @param statementTimeout longest a query may run
 */
public record ProfileLimits(Integer maxJoins, Integer maxSubqueryDepth, Double maxCost, Integer maxRows,
                            Long maxResultBytes, Duration statementTimeout) {

    /** Every limit from the server options. */
    public static final ProfileLimits INHERIT = new ProfileLimits(null, null, null, null, null, null);
}
