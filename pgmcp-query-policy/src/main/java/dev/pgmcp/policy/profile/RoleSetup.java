package dev.pgmcp.policy.profile;

import dev.pgmcp.core.catalog.Identifiers;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The SQL that creates each profile's role with exactly the grants the profile allows, for the
 * {@code roles} command. The globs are expanded against the live catalog, so the statements name
 * the tables and columns that exist now; run it again after adding tables. Every statement is
 * idempotent: the role is created if missing, everything it holds on the database's schemas,
 * tables, sequences and functions is revoked, and then exactly the profile's grants are given.
 *
 * <p>A view reads its tables with its owner's rights, so a view over a hidden table or column is
 * not granted (unless it is {@code security_invoker}); the output says why. SECURITY DEFINER
 * functions that PUBLIC may execute are listed with the REVOKE that the start-up check asks for,
 * commented out, because revoking from PUBLIC affects every role. The login role gets
 * {@code log_min_messages = log}, so that its errors, however long, stay out of the server log.
 *
 * <p>Functions: each role is granted EXECUTE on the user and extension functions its profile allows
 * by name (not SECURITY DEFINER ones), with USAGE on their schemas. PUBLIC may execute every function
 * unless that is revoked, so only with the opt-in {@code revokePublicExecute} does PostgreSQL refuse
 * the others too: then the SQL revokes EXECUTE from PUBLIC on every user and extension function
 * ({@link FunctionGrants}), which affects every role of the database.
 */
public final class RoleSetup {

    private static final String SCHEMAS = """
            SELECT nspname FROM pg_catalog.pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp_|toast_temp_)'
            ORDER BY 1
            """;

    /**
     * What each view and materialized view reads with its owner's rights: a row per table, and per
     * column used ({@code attname} null for the table as a whole). {@code security_invoker} views are
     * left out: PostgreSQL checks them with the reader's rights.
     */
    static final String VIEW_SOURCES = """
            SELECT DISTINCT vn.nspname, v.relname, tn.nspname, t.relname, a.attname
            FROM pg_catalog.pg_depend d
            JOIN pg_catalog.pg_rewrite r ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
            JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
            JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
            JOIN pg_catalog.pg_class t ON d.refclassid = 'pg_catalog.pg_class'::regclass AND t.oid = d.refobjid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
            LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
            WHERE v.oid <> t.oid AND v.relkind IN ('v', 'm')
              AND NOT EXISTS (SELECT 1 FROM unnest(v.reloptions) o WHERE o ~* '^security_invoker=(true|on|yes|1)$')
            """;

    private static final String SECURITY_DEFINER = """
            SELECT p.oid::regprocedure::text FROM pg_catalog.pg_proc p
            WHERE p.prosecdef AND pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE')
            ORDER BY 1
            """;

    private RoleSetup() {
    }

    /**
     * The SQL for every profile that names a role.
     *
     * @param profiles   the configured profiles
     * @param catalog    the catalog facts the globs are matched against
     * @param connection a connection to the same database, for schemas, view sources and functions
     * @param loginRole  the role pgmcp logs in as, which is granted each profile role
     * @param database   the database's name, for the header
     */
    public static String sql(Collection<PolicyProfile> profiles, PolicyCatalog catalog, Connection connection,
                             String loginRole, String database) throws SQLException {
        return sql(profiles, catalog, connection, loginRole, database, false);
    }

    /**
     * The SQL for every profile that names a role, and, when {@code revokePublicExecute}, the
     * revocation of EXECUTE from PUBLIC on every user and extension function.
     *
     * @param revokePublicExecute also revoke EXECUTE on the user and extension functions from PUBLIC
     *                            (affects every role of the database; {@code roles --revoke-public-execute})
     */
    public static String sql(Collection<PolicyProfile> profiles, PolicyCatalog catalog, Connection connection,
                             String loginRole, String database, boolean revokePublicExecute) throws SQLException {
        List<String> schemas = new ArrayList<>();
        Map<String, List<String[]>> viewSources = new HashMap<>();
        List<String> definers = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            try (ResultSet rs = st.executeQuery(SCHEMAS)) {
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery(VIEW_SOURCES)) {
                while (rs.next()) {
                    viewSources.computeIfAbsent(rs.getString(1) + "." + rs.getString(2), k -> new ArrayList<>())
                            .add(new String[] {rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
            try (ResultSet rs = st.executeQuery(SECURITY_DEFINER)) {
                while (rs.next()) {
                    definers.add(rs.getString(1));
                }
            }
        }
        List<FunctionGrants.Function> functions = FunctionGrants.read(connection, "public");
        StringBuilder out = new StringBuilder();
        out.append("-- pgmcp roles: one PostgreSQL role per policy profile, with exactly the grants the profile allows.\n")
                .append("-- Expanded against the live catalog of database ").append(database)
                .append(": the globs became the tables and columns that exist now.\n")
                .append("-- Run it again after adding tables or columns. It is idempotent: run it with psql -f as the\n")
                .append("-- owner of the tables or a superuser, as often as needed.\n");
        List<PolicyProfile> withRoles = profiles.stream().filter(p -> p.role() != null)
                .sorted(Comparator.comparing(PolicyProfile::name)).toList();
        if (withRoles.isEmpty()) {
            out.append("\n-- No profile names a role (key 'role' in a profile); no profile roles to create.\n");
            loginRoleLogging(out, loginRole);
            return out.toString();
        }
        for (PolicyProfile profile : withRoles) {
            profile(out, profile, catalog, schemas, viewSources, loginRole, functions);
        }
        if (revokePublicExecute) {
            revokePublicExecute(out, functions);
        } else {
            long executable = functions.stream().filter(FunctionGrants.Function::publicMay).count();
            if (executable > 0) {
                out.append("\n-- ").append(executable).append(" user and extension function(s) may be executed by every ")
                        .append("role (PUBLIC), so also by the profile roles,\n-- whatever their profiles allow. ")
                        .append("pgmcp refuses them itself; for PostgreSQL to refuse them too, print this SQL\n-- ")
                        .append("with --revoke-public-execute (it affects every role of the database; see ")
                        .append("docs/role-setup.md).\n");
            }
        }
        if (!definers.isEmpty() && !revokePublicExecute) {
            out.append("\n-- SECURITY DEFINER functions that every role (PUBLIC) may execute. They run with their owner's\n")
                    .append("-- rights, so pgmcp refuses to start while a profile role may execute one. Revoking from\n")
                    .append("-- PUBLIC affects every role: review, then uncomment.\n");
            for (String function : definers) {
                out.append("-- REVOKE EXECUTE ON FUNCTION ").append(function).append(" FROM PUBLIC;\n");
            }
        }
        loginRoleLogging(out, loginRole);
        return out.toString();
    }

    /**
     * The login role's {@code log_min_messages}: PostgreSQL logs each error whole, and an agent makes
     * errors as long as it likes ({@code CAST(repeat('x', 500000000) AS int)}). The setting holds for the
     * whole session, through pgmcp's reset (RESET ALL) and SET LOCAL ROLE, and only a superuser may change it.
     */
    private static void loginRoleLogging(StringBuilder out, String loginRole) {
        out.append("\n-- ---------------------------------------------------------------- login role\n")
                .append("-- Keeps its errors, each logged whole and as long as the value that caused it, out of the ")
                .append("server log (needs a superuser).\n")
                .append("ALTER ROLE ").append(Identifiers.quote(loginRole)).append(" SET log_min_messages = log;\n");
    }

    private static void profile(StringBuilder out, PolicyProfile profile, PolicyCatalog catalog, List<String> schemas,
                                Map<String, List<String[]>> viewSources, String loginRole,
                                List<FunctionGrants.Function> functions) {
        String role = Identifiers.quote(profile.role());
        out.append("\n-- ---------------------------------------------------------------- profile ")
                .append(profile.name()).append("\n");
        out.append("DO $pgmcp$ BEGIN CREATE ROLE ").append(role).append(" NOLOGIN; ")
                .append("EXCEPTION WHEN duplicate_object THEN NULL; END $pgmcp$;\n");
        out.append("ALTER ROLE ").append(role)
                .append(" NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;\n");
        out.append("-- Revoke what the role holds in this database, then grant exactly what the profile shows.\n");
        for (String schema : schemas) {
            String s = Identifiers.quote(schema);
            out.append("REVOKE ALL ON SCHEMA ").append(s).append(" FROM ").append(role).append("; ")
                    .append("REVOKE ALL ON ALL TABLES IN SCHEMA ").append(s).append(" FROM ").append(role).append("; ")
                    .append("REVOKE ALL ON ALL SEQUENCES IN SCHEMA ").append(s).append(" FROM ").append(role).append("; ")
                    .append("REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ").append(s).append(" FROM ").append(role)
                    .append(";\n");
        }
        TreeSet<String> usage = new TreeSet<>();
        List<String> grants = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<PolicyCatalog.Relation> relations = catalog.relations().stream()
                .filter(r -> schemas.contains(r.schema()))
                .sorted(Comparator.comparing(PolicyCatalog.Relation::schema).thenComparing(PolicyCatalog.Relation::name))
                .toList();
        for (PolicyCatalog.Relation relation : relations) {
            if (!RelationAccessPolicy.permits(profile, relation)) {
                continue;
            }
            String name = Identifiers.quote(relation.schema()) + "." + Identifiers.quote(relation.name());
            Optional<String> hiddenSource = hiddenSource(profile, catalog,
                    viewSources.getOrDefault(relation.schema() + "." + relation.name(), List.of()));
            if (hiddenSource.isEmpty() && (viewSources.containsKey(relation.schema() + "." + relation.name())
                    || relation.kind() == 'm')) {
                // Through the views and materialized views it reads in turn, and the functions computing a
                // materialized view (one over query_to_xml alone has no relation source), as the start-up check
                // sees it.
                hiddenSource = HiddenData.firstHiddenSource(profile, catalog, relation);
            }
            if (hiddenSource.isPresent()) {
                notes.add("-- not granted: " + relation.schema() + "." + relation.name() + " reads " + hiddenSource.get()
                        + ", which the profile hides, with its owner's rights (recreate it WITH (security_invoker = "
                        + "true) to grant it)");
                continue;
            }
            List<String> visible = relation.columns().stream()
                    .filter(c -> !ColumnAccessPolicy.hidden(profile, catalog, relation.schema(), relation.name(), c))
                    .toList();
            if (visible.isEmpty()) {
                notes.add("-- not granted: every column of " + relation.schema() + "." + relation.name() + " is hidden");
                continue;
            }
            usage.add(relation.schema());
            if (visible.size() == relation.columns().size()) {
                grants.add("GRANT SELECT ON " + name + " TO " + role + ";");
            } else {
                grants.add("GRANT SELECT (" + String.join(", ", visible.stream().map(Identifiers::quote).toList())
                        + ") ON " + name + " TO " + role + ";");
            }
        }
        List<String> executes = new ArrayList<>();
        for (FunctionGrants.Function function : functions) {
            if (!FunctionGrants.allowed(profile, function)) {
                continue;
            }
            if (function.securityDefiner()) {
                notes.add("-- not granted: " + function.signature() + " is SECURITY DEFINER (it runs with its owner's "
                        + "rights), and pgmcp refuses to start while a profile role may execute one");
                continue;
            }
            usage.add(function.schema());
            executes.add("GRANT EXECUTE ON FUNCTION " + function.signature() + " TO " + role + ";");
        }
        grants.addAll(executes);
        for (String schema : usage) {
            out.append("GRANT USAGE ON SCHEMA ").append(Identifiers.quote(schema)).append(" TO ").append(role)
                    .append(";\n");
        }
        grants.forEach(g -> out.append(g).append('\n'));
        notes.forEach(n -> out.append(n).append('\n'));
        out.append("-- The login role may switch to the profile role (SET LOCAL ROLE on every call).\n");
        out.append("GRANT ").append(role).append(" TO ").append(Identifiers.quote(loginRole)).append(";\n");
    }

    /** The opt-in revocation of EXECUTE from PUBLIC on every user and extension function. */
    private static void revokePublicExecute(StringBuilder out, List<FunctionGrants.Function> functions) {
        out.append("\n-- ---------------------------------------------------------------- functions (--revoke-public-execute)\n")
                .append("-- PUBLIC may execute every function unless that is revoked, so a profile role could run user and\n")
                .append("-- extension functions its profile does not allow, and only pgmcp's own check would refuse them.\n")
                .append("-- This revokes EXECUTE from PUBLIC on every user and extension function; the functions a profile\n")
                .append("-- allows were granted to its role above. It affects EVERY role of this database: grant back what\n")
                .append("-- your applications call, e.g. GRANT EXECUTE ON FUNCTION ext.similarity(text, text) TO app_role;\n");
        if (functions.isEmpty()) {
            out.append("-- (this database has no user or extension functions)\n");
        }
        for (FunctionGrants.Function function : functions) {
            out.append("REVOKE EXECUTE ON FUNCTION ").append(function.signature()).append(" FROM PUBLIC;")
                    .append(function.securityDefiner() ? " -- SECURITY DEFINER\n" : "\n");
        }
        out.append("-- Functions created later are executable by PUBLIC again. To change that for the role that creates\n")
                .append("-- them (your migrations' role): ALTER DEFAULT PRIVILEGES FOR ROLE <owner> REVOKE EXECUTE ON ")
                .append("FUNCTIONS FROM PUBLIC;\n");
    }

    /** The first hidden relation or column a view reads with its owner's rights, as schema.table[.column]. */
    private static Optional<String> hiddenSource(PolicyProfile profile, PolicyCatalog catalog, List<String[]> sources) {
        for (String[] source : sources) {
            Optional<PolicyCatalog.Relation> relation = catalog.relation(source[0], source[1]);
            if (relation.isEmpty()) {
                continue;
            }
            if (!RelationAccessPolicy.permits(profile, relation.get())) {
                return Optional.of(source[0] + "." + source[1]);
            }
            if (source[2] != null && ColumnAccessPolicy.hidden(profile, catalog, source[0], source[1], source[2])) {
                return Optional.of(source[0] + "." + source[1] + "." + source[2]);
            }
        }
        return Optional.empty();
    }
}
