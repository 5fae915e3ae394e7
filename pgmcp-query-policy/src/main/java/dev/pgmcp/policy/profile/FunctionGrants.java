package dev.pgmcp.policy.profile;

import dev.pgmcp.core.catalog.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who may execute the user and extension functions (created after initdb). PostgreSQL grants EXECUTE
 * on every new function to PUBLIC, so a profile role may run any of them unless that is revoked, and
 * PostgreSQL then does not back up pgmcp's function allowlist. Where the role lacks EXECUTE, PostgreSQL
 * refuses the call, also while planning: constant folding of an IMMUTABLE function checks EXECUTE
 * before it runs the function (verified on PostgreSQL 15 with an IMMUTABLE wrapper of
 * {@code pg_try_advisory_lock}, EXPLAINed under {@code SET LOCAL ROLE}). Used by the start-up check (a
 * warning) and by the {@code roles} command (the grants, and the opt-in revocation from PUBLIC).
 *
 * <p>Extension members count wherever they live, {@code pg_catalog} included ({@code CREATE EXTENSION ... SCHEMA
 * pg_catalog}, or an extension whose control file names it); other functions in the system schemas do not.
 * Trigger and event trigger functions are left out (they cannot be called, and firing a trigger
 * checks no EXECUTE privilege), and so are procedures (pgmcp never runs CALL).
 */
final class FunctionGrants {

    /** How many functions a warning names. */
    static final int NAMED = 5;

    /**
     * A user or extension function.
     *
     * @param signature       {@code schema.name(input argument types)}, quoted where needed, for GRANT and REVOKE
     * @param publicMay       PUBLIC holds EXECUTE
     * @param roleMay         the role holds EXECUTE (through PUBLIC, directly or by membership) and USAGE
     *                        on the function's schema, so that it can call it
     */
    record Function(String schema, String name, String extension, String signature, boolean securityDefiner,
                    boolean publicMay, boolean roleMay) {
    }

    private static final String FUNCTIONS = """
            SELECT n.nspname, p.proname, e.extname,
                   pg_catalog.format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.oidvectortypes(p.proargtypes)),
                   p.prosecdef,
                   pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE'),
                   pg_catalog.has_function_privilege(?, p.oid, 'EXECUTE')
                       AND pg_catalog.has_schema_privilege(?, n.oid, 'USAGE')
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                 AND d.objid = p.oid AND d.deptype = 'e'
            LEFT JOIN pg_catalog.pg_extension e ON e.oid = d.refobjid
            WHERE p.oid >= 16384 AND p.prokind <> 'p'
              AND (e.oid IS NOT NULL OR (n.nspname NOT IN ('pg_catalog', 'information_schema')
                                         AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'))
              AND p.prorettype NOT IN ('pg_catalog.trigger'::pg_catalog.regtype,
                                       'pg_catalog.event_trigger'::pg_catalog.regtype)
            ORDER BY 4
            """;

    private FunctionGrants() {
    }

    /**
     * Every user and extension function, with what PUBLIC and {@code role} may do.
     *
     * @param role a role name, or {@code public}
     */
    static List<Function> read(Connection connection, String role) throws SQLException {
        List<Function> functions = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(FUNCTIONS)) {
            ps.setString(1, role);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    functions.add(new Function(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7)));
                }
            }
        }
        return functions;
    }

    /**
     * Whether the profile lets the function run: named exactly by {@code functions.allow}, as
     * {@code schema.name}, {@code extension.name} or {@code name}, and not denied, as pgmcp's own
     * function check decides for functions that are not built in.
     */
    static boolean allowed(PolicyProfile profile, Function function) {
        FunctionRules rules = profile.functions();
        if (rules.names().deniedBy(function.schema(), function.name()).isPresent()) {
            return false;
        }
        return rules.allowedExactly(function.schema(), function.name())
                || (function.extension() != null && rules.allowedExactly(function.extension(), function.name()));
    }

    /**
     * The start-up warning for a profile whose role may execute functions the profile does not allow,
     * or empty. SECURITY DEFINER functions are not counted: the role check refuses to start while the
     * role may execute one.
     */
    static Optional<String> warning(PolicyProfile profile, Connection connection) throws SQLException {
        List<String> executable = read(connection, profile.role()).stream()
                .filter(f -> f.roleMay() && !f.securityDefiner() && !allowed(profile, f))
                .map(Function::signature).toList();
        if (executable.isEmpty()) {
            return Optional.empty();
        }
        String role = Identifiers.quote(profile.role());
        String named = String.join(", ", executable.subList(0, Math.min(NAMED, executable.size())))
                + (executable.size() > NAMED ? ", ..." : "");
        return Optional.of("policy profile '" + profile.name() + "': role " + role + " may execute "
                + executable.size() + " user or extension function(s) that the profile does not allow "
                + "(functions.allow), for example " + named + ". pgmcp refuses them before they run, but "
                + "PostgreSQL would not, as PUBLIC may execute every function unless revoked. To have PostgreSQL "
                + "refuse them too, run the SQL of 'pgmcp roles --config <file> --revoke-public-execute' (it "
                + "revokes EXECUTE on the user and extension functions from PUBLIC, which affects every role of "
                + "the database, and grants the allowed ones to the profile roles), or REVOKE EXECUTE ON FUNCTION "
                + "... FROM PUBLIC, " + role + " for each");
    }
}
