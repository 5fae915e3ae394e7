package dev.pgmcp.policy.profile;

import dev.pgmcp.core.connection.DatabaseUnavailableException;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.runtime.RuntimeProfile;
import dev.pgmcp.policy.complexity.ComplexityLimit;
import dev.pgmcp.policy.complexity.PlanCostLimit;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns configured {@link PolicyProfile}s into the runtime's profiles once connected: reads the
 * {@link PolicyCatalog}, checks every configured name against it, and builds each profile's
 * policy, limits and catalog visibility. Limits a profile leaves out come from the server options.
 */
public final class ProfileRuntimes implements RuntimeProfile.Factory {

    private final Map<String, PolicyProfile> profiles;
    private final double defaultMaxCost;
    private final int defaultMaxJoins;
    private final int defaultMaxSubqueryDepth;

    /**
     * Profiles whose unset join and nesting limits are {@link ComplexityLimit}'s defaults.
     *
     * @param profiles       the configured profiles, by name
     * @param defaultMaxCost the cost limit of profiles that set none ({@code --max-cost})
     */
    public ProfileRuntimes(Map<String, PolicyProfile> profiles, double defaultMaxCost) {
        this(profiles, defaultMaxCost, ComplexityLimit.DEFAULT_MAX_JOINS, ComplexityLimit.DEFAULT_MAX_SUBQUERY_DEPTH);
    }

    /**
     * @param profiles                the configured profiles, by name
     * @param defaultMaxCost          the cost limit of profiles that set none ({@code --max-cost})
     * @param defaultMaxJoins         the join limit of profiles that set none ({@code --max-joins})
     * @param defaultMaxSubqueryDepth the nesting limit of profiles that set none ({@code --max-subquery-depth})
     */
    public ProfileRuntimes(Map<String, PolicyProfile> profiles, double defaultMaxCost, int defaultMaxJoins,
                           int defaultMaxSubqueryDepth) {
        this.profiles = Map.copyOf(profiles);
        this.defaultMaxCost = defaultMaxCost;
        this.defaultMaxJoins = defaultMaxJoins;
        this.defaultMaxSubqueryDepth = defaultMaxSubqueryDepth;
    }

    @Override
    public List<RuntimeProfile> create(RuntimeProfile.Context context) {
        if (profiles.isEmpty()) {
            return List.of();
        }
        PolicyCatalog catalog;
        try {
            catalog = PolicyCatalog.load(context.pool());
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot read the catalog for the policy profiles: "
                    + e.getMessage(), e);
        }
        List<RuntimeProfile> built = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PolicyProfile profile : profiles.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            List<String> mismatches = ProfileCatalogCheck.problems(profile, catalog);
            if (!mismatches.isEmpty()) {
                problems.addAll(mismatches);
                continue;
            }
            try {
                if (profile.role() != null) {
                    ProfileRoleCheck.check(profile, catalog, context.pool());
                }
                built.add(new RuntimeProfile(profile.name(), policy(profile, catalog), limits(profile,
                        context.defaultLimits()), new ProfileVisibility(profile, catalog), profile.tools(),
                        profile.role()));
            } catch (ProfileConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ProfileConfigException(problems);
        }
        return built;
    }

    /** The profile's query policy: patterns, functions, relations, columns, complexity, cost. */
    public QueryPolicy policy(PolicyProfile profile, PolicyCatalog catalog) {
        List<QueryPolicy> policies = new ArrayList<>();
        if (profile.queryPatterns().enforce()) {
            policies.add(new QueryPatternPolicy(profile.name(), profile.queryPatterns()));
        }
        boolean hidesObjects = profile.restrictsRelations() || profile.hidesColumns();
        if (profile.restrictsRelations()) {
            // First: a name in a hidden schema gets one answer, whatever it names and whether it exists.
            policies.add(new HiddenSchemaNames(profile, catalog));
        }
        policies.add(new FunctionPolicy(profile.name(), profile.functions(), catalog, hidesObjects));
        if (profile.restrictsRelations()) {
            policies.add(new RelationAccessPolicy(profile, catalog));
        }
        if (profile.hidesColumns()) {
            policies.add(new ColumnAccessPolicy(profile, catalog));
        }
        if (hidesObjects) {
            // After the column rules, so that the statistics views get their own, better explained refusal.
            policies.add(new CatalogRelationPolicy(profile.name()));
        }
        if (hidesObjects) {
            // PostgreSQL's errors could name hidden objects or tell them from missing ones.
            policies.add(new HiddenObjectErrors(profile, catalog));
        }
        ProfileLimits limits = profile.limits();
        policies.add(new ComplexityLimit(profile.name(),
                limits.maxJoins() != null ? limits.maxJoins() : defaultMaxJoins,
                limits.maxSubqueryDepth() != null ? limits.maxSubqueryDepth() : defaultMaxSubqueryDepth));
        policies.add(new PlanCostLimit(limits.maxCost() != null ? limits.maxCost() : defaultMaxCost, profile.name()));
        QueryPolicy all = QueryPolicy.allOf(policies);
        // A refusal must not name a hidden schema the agent did not write (a function a view calls).
        return hidesObjects ? new HiddenNameRefusals(profile, catalog, all) : all;
    }

    /** The server-wide limits with the profile's overrides. */
    public static ExecutionLimits limits(PolicyProfile profile, ExecutionLimits defaults) {
        ProfileLimits limits = profile.limits();
        int ceiling = limits.maxRows() != null ? limits.maxRows() : defaults.maxRowsCeiling();
        try {
            return new ExecutionLimits(
                    limits.statementTimeout() != null ? limits.statementTimeout() : defaults.statementTimeout(),
                    defaults.lockTimeout(), defaults.idleInTransactionTimeout(),
                    Math.min(defaults.defaultMaxRows(), ceiling), ceiling,
                    limits.maxResultBytes() != null ? limits.maxResultBytes() : defaults.maxResultBytes(),
                    defaults.maxSqlLength(), defaults.maxParameterBytes());
        } catch (IllegalArgumentException e) {
            throw new ProfileConfigException("policy profile '" + profile.name() + "': key 'limits': "
                    + e.getMessage());
        }
    }
}
