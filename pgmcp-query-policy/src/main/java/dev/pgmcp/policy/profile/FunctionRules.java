package dev.pgmcp.policy.profile;

/**
 * A profile's function policy. The function classes ({@code FunctionCheck}: refused built-in
 * functions, extension and user functions) always apply, except to functions the allowlist names
 * exactly, as {@code schema.name}, {@code extension.name} or {@code name}: a glob with a wildcard
 * ({@code *}, {@code pg_catalog.*}) never lifts them, so that an allowlist written for {@code strict}
 * cannot re-enable dblink, advisory locks or backend signalling by accident.
 *
 * @param names          extra denied functions and allowed ones ({@code name} or {@code schema.name} globs)
 * @param refuseVolatile refuse VOLATILE functions ({@code pg_proc.provolatile = 'v'}) the allowlist does not name
 * @param strict         refuse every function the allowlist does not name
 */
public record FunctionRules(NameRules names, boolean refuseVolatile, boolean strict) {

    /** True when the allowlist names the function. */
    public boolean allowed(String schema, String name) {
        return names.allowedBy(schema, name).isPresent();
    }

    /** True when a glob without wildcards in the allowlist names the function. */
    public boolean allowedExactly(String schema, String name) {
        return names.allow().stream().anyMatch(glob -> !glob.hasWildcard() && glob.matches(schema, name));
    }
}
