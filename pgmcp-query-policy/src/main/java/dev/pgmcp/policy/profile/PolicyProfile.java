package dev.pgmcp.policy.profile;

import java.util.List;
import java.util.Objects;

/**
 * One named policy profile from the configuration, validated (see {@link ProfileConfig}).
 *
 * @param name          the profile's name
 * @param schemas       schema globs
 * @param tables        {@code schema.table} globs
 * @param columns       {@code schema.table.column} globs; a column not permitted is hidden
 * @param functions     the function policy
 * @param limits        complexity and result limits
 * @param queryPatterns the approved query shapes, when enforced
 * @param tools         the tools offered, in order, or null for all
 * @param role          the PostgreSQL role each call switches to ({@code SET LOCAL ROLE}), so that the
 *                      database enforces the profile too; null to run as the login role
 */
public record PolicyProfile(String name, NameRules schemas, NameRules tables, NameRules columns,
                            FunctionRules functions, ProfileLimits limits, QueryPatterns queryPatterns,
                            List<String> tools, String role) {

    /** A profile without a role. */
    public PolicyProfile(String name, NameRules schemas, NameRules tables, NameRules columns,
                         FunctionRules functions, ProfileLimits limits, QueryPatterns queryPatterns,
                         List<String> tools) {
        this(name, schemas, tables, columns, functions, limits, queryPatterns, tools, null);
    }

    public PolicyProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schemas, "schemas");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(functions, "functions");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(queryPatterns, "queryPatterns");
        tools = tools == null ? null : List.copyOf(tools);
    }

    /** True when some column may be hidden by this profile. */
    public boolean hidesColumns() {
        return !columns.isEmpty();
    }

    /** True when the profile restricts schemas or tables. */
    public boolean restrictsRelations() {
        return !schemas.isEmpty() || !tables.isEmpty();
    }
}
