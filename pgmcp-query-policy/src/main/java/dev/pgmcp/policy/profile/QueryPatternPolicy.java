package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.StatementText;
import java.util.List;

/** Query pattern allowlisting: only statements whose {@link QueryShape} is approved run. */
public final class QueryPatternPolicy implements QueryPolicy {

    private static final int SHAPES_SHOWN = 5;

    private final String profile;
    private final QueryPatterns patterns;

    public QueryPatternPolicy(String profile, QueryPatterns patterns) {
        this.profile = profile;
        this.patterns = patterns;
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        if (!patterns.enforce() || patterns.shapes().contains(QueryShape.of(statement.tokens()))) {
            return;
        }
        List<String> shown = patterns.sorted().stream().limit(SHAPES_SHOWN).toList();
        throw refuse("query-pattern", profile, "This query's shape is not one of the " + patterns.shapes().size()
                + " approved queries", "Run one of the approved queries, changing only literal values or $n "
                + "parameter values (? marks them): " + String.join(" | ", shown)
                + (patterns.shapes().size() > SHAPES_SHOWN ? " | ..." : "") + ".");
    }
}
