package dev.pgmcp.core.runtime;

import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.policy.QueryPolicy;
import java.util.List;
import java.util.Objects;

/**
 * One policy profile as the runtime serves it: its own query policy, execution limits, catalog
 * visibility and tool list, sharing the pool and catalog with the other profiles.
 *
 * @param name       the profile's name, as callers are mapped to it
 * @param policy     the query policy (layers L2/L3)
 * @param limits     timeouts and result bounds
 * @param visibility what the catalog tools show
 * @param tools      the names of the tools offered, in order; null offers every tool
 * @param role       the PostgreSQL role each call switches to with {@code SET LOCAL ROLE}, so that the
 *                   database checks the profile's grants itself; null runs as the login role
 */
public record RuntimeProfile(String name, QueryPolicy policy, ExecutionLimits limits, CatalogVisibility visibility,
                             List<String> tools, String role) {

    /** A profile that runs as the login role. */
    public RuntimeProfile(String name, QueryPolicy policy, ExecutionLimits limits, CatalogVisibility visibility,
                          List<String> tools) {
        this(name, policy, limits, visibility, tools, null);
    }

    public RuntimeProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(visibility, "visibility");
        tools = tools == null ? null : List.copyOf(tools);
        if (name.isBlank()) {
            throw new IllegalArgumentException("a profile name must not be blank");
        }
        if (role != null && (role.isEmpty() || role.indexOf('\0') >= 0)) {
            throw new IllegalArgumentException("profile '" + name + "': a role name must be non-empty text");
        }
    }

    /**
     * Builds the profiles once the runtime is connected, so that they can be checked against the
     * catalog and read facts such as function volatility.
     */
    @FunctionalInterface
    public interface Factory {
        /**
         * @param context the connected pool and catalog, and the runtime's own policy and limits (the
         *                built-in default profile)
         * @return the profiles; one named {@link PgmcpRuntime#DEFAULT_PROFILE} replaces the built-in default
         * @throws IllegalArgumentException when a profile does not fit the database (unknown names)
         */
        List<RuntimeProfile> create(Context context);
    }

    /** What a {@link Factory} may use. */
    public record Context(dev.pgmcp.core.connection.DatabasePool pool, dev.pgmcp.core.catalog.SchemaCatalog catalog,
                          QueryPolicy defaultPolicy, ExecutionLimits defaultLimits) {
    }
}
