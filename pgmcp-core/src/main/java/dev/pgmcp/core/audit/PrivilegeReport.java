package dev.pgmcp.core.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * What the start-up audit found about the database role pgmcp logs in as.
 *
 * @param role                the role ({@code current_user})
 * @param serverVersion       PostgreSQL's {@code server_version}
 * @param superuser           the role is a superuser
 * @param bypassRls           the role bypasses row-level security
 * @param superuserRoles      superuser roles this role is a member of (and could switch to)
 * @param dangerousRoles      predefined roles with side effects this role is a member of
 * @param writableTables      up to 20 tables the role may INSERT, UPDATE, DELETE or TRUNCATE
 * @param writableTableCount  how many such tables exist in all
 * @param sideEffectFunctions functions with side effects the role may execute
 * @param ownerFixes          for up to 20 relations the role owns, the start of the statement that gives
 *                            it another owner ({@code ALTER TABLE hr.employees OWNER TO})
 * @param ownedRelationCount  how many relations the role owns in all
 * @param sqlTextFunctions    per installed extension, its functions that run SQL text (crosstab, dblink,
 *                            xpath_table) which the role may execute, as {@code schema.name(arguments)}
 * @param logMinMessages      the session's {@code log_min_messages} ({@code warning} unless a superuser
 *                            changed it): at {@code error} or below, PostgreSQL logs each error whole
 */
public record PrivilegeReport(String role, String serverVersion, boolean superuser, boolean bypassRls,
                              List<String> superuserRoles, List<String> dangerousRoles, List<String> writableTables,
                              int writableTableCount, List<String> sideEffectFunctions, List<String> ownerFixes,
                              int ownedRelationCount, java.util.Map<String, List<String>> sqlTextFunctions,
                              String logMinMessages) {

    /** Levels of {@code log_min_messages} that send ERROR messages, in order, to the server log. */
    private static final List<String> LOGS_ERRORS = List.of("debug5", "debug4", "debug3", "debug2", "debug1", "info",
            "notice", "warning", "error");

    public PrivilegeReport {
        ownerFixes = List.copyOf(ownerFixes);
        superuserRoles = List.copyOf(superuserRoles);
        dangerousRoles = List.copyOf(dangerousRoles);
        writableTables = List.copyOf(writableTables);
        sideEffectFunctions = List.copyOf(sideEffectFunctions);
        java.util.Map<String, List<String>> copy = new java.util.TreeMap<>();
        sqlTextFunctions.forEach((extension, functions) -> copy.put(extension, List.copyOf(functions)));
        sqlTextFunctions = java.util.Collections.unmodifiableMap(copy);
    }

    /** Reasons to refuse to serve unless overridden; empty when the role is safe to use. */
    public List<String> refusals() {
        List<String> reasons = new ArrayList<>();
        if (superuser) {
            reasons.add("role \"" + role + "\" is a superuser");
        }
        if (bypassRls) {
            reasons.add("role \"" + role + "\" bypasses row-level security (BYPASSRLS)");
        }
        // A superuser is a member of every role as far as pg_has_role is concerned: listing them says nothing.
        if (!superuser && !superuserRoles.isEmpty()) {
            reasons.add("role \"" + role + "\" is a member of superuser role(s) " + String.join(", ", superuserRoles));
        }
        if (!superuser && !dangerousRoles.isEmpty()) {
            reasons.add("role \"" + role + "\" is a member of " + String.join(", ", dangerousRoles));
        }
        return reasons;
    }

    /** Findings worth a warning that do not stop pgmcp from serving. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (writableTableCount > 0) {
            warnings.add("role \"" + role + "\" may write to " + writableTableCount + " table(s), for example "
                    + String.join(", ", writableTables) + "; pgmcp never writes, but a read-only role is the "
                    + "strongest boundary");
        }
        if (!sideEffectFunctions.isEmpty()) {
            warnings.add("role \"" + role + "\" may execute functions with side effects: "
                    + String.join(", ", sideEffectFunctions) + "; REVOKE EXECUTE on them (see docs/role-setup.md)");
        }
        if (ownedRelationCount > 0) {
            warnings.add(ownershipWarning());
        }
        if (logsErrors()) {
            warnings.add(logWarning());
        }
        sqlTextFunctions.forEach((extension, functions) -> {
            List<String> names = functions.stream().map(f -> f.substring(0, f.indexOf('('))).distinct().toList();
            warnings.add("extension " + extension + " is installed and role \"" + role + "\" may execute its "
                    + "functions that run SQL text pgmcp cannot check (" + String.join(", ", names) + "); pgmcp's "
                    + "policy refuses them, but PostgreSQL is the stronger boundary: REVOKE EXECUTE ON FUNCTION "
                    + String.join(", ", functions) + " FROM PUBLIC (and from this role), or run the profiles as a "
                    + "role without the grant (see docs/role-setup.md)");
        });
        return warnings;
    }

    /** Whether PostgreSQL writes this role's ERROR messages, each as long as the value that caused it, to its log. */
    public boolean logsErrors() {
        return logMinMessages != null && LOGS_ERRORS.contains(logMinMessages.toLowerCase(java.util.Locale.ROOT));
    }

    private String logWarning() {
        return "role \"" + role + "\" has log_min_messages = " + logMinMessages + ", so PostgreSQL writes each of its "
                + "errors whole to the server log, and an error is as long as the value that caused it (SELECT "
                + "CAST(repeat('x', 500000000) AS int) writes 500 MB per call): an agent can fill the database host's "
                + "disk; as a superuser run ALTER ROLE " + dev.pgmcp.core.catalog.Identifiers.quoteIfNeeded(role)
                + " SET log_min_messages = log (see docs/role-setup.md)";
    }

    private String ownershipWarning() {
        return "role \"" + role + "\" owns " + ownedRelationCount + " relation(s): an owner passes every privilege "
                + "check on them (it can grant itself back what was revoked), and index maintenance functions such "
                + "as brin_summarize_new_values change them even in a read-only transaction; give them another "
                + "owner: " + String.join("; ", ownerFixes.stream().map(fix -> fix + " <another role>").toList())
                + (ownedRelationCount > ownerFixes.size() ? "; ... (" + (ownedRelationCount - ownerFixes.size())
                        + " more)" : "");
    }
}
