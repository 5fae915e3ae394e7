package dev.pgmcp.policy.profile;

import dev.pgmcp.core.catalog.Identifiers;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, at start-up, the role a profile names ({@code role:}): it exists, the login role may
 * switch to it, it is no superuser and does not bypass row-level security, and it can read no more
 * than the profile shows. The last part reads the catalog: SELECT on a relation the profile hides
 * (with USAGE on its schema), SELECT on a column the profile hides, a view or materialized view
 * the role may read that is built on a hidden relation or column (it reads with its owner's
 * rights), and a SECURITY DEFINER function the role may execute (it runs with its owner's rights).
 * Each finding comes with the statement that removes it. Schemas {@code pg_catalog} and
 * {@code information_schema} are left out: every role reads them, and the profile's own rules
 * cover them.
 */
final class ProfileRoleCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ProfileRoleCheck.class);
    private static final int MAX_LISTED = 20;

    private static final String ROLE = "SELECT current_user, r.rolsuper, r.rolbypassrls, "
            + "pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER') FROM pg_catalog.pg_roles r WHERE r.rolname = ?";

    private static final String RELATIONS = """
            SELECT n.nspname, c.relname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_toast'
              AND pg_catalog.has_schema_privilege(?, n.oid, 'USAGE')
              AND pg_catalog.has_table_privilege(?, c.oid, 'SELECT')
            """;

    private static final String COLUMNS = """
            SELECT s, t, col FROM unnest(?::text[], ?::text[], ?::text[]) AS h(s, t, col)
            WHERE pg_catalog.has_column_privilege(?, pg_catalog.format('%I.%I', s, t)::regclass, col, 'SELECT')
            """;

    /** The views and materialized views the role may read, with what they read with their owner's rights. */
    private static final String VIEW_SOURCES = RoleSetup.VIEW_SOURCES + """
              AND vn.nspname NOT IN ('pg_catalog', 'information_schema')
              AND pg_catalog.has_schema_privilege(?, v.relnamespace, 'USAGE')
              AND pg_catalog.has_table_privilege(?, v.oid, 'SELECT')
            ORDER BY 1, 2, 3, 4, 5
            """;

    /**
     * The materialized views the role may read, also those without relation sources (a materialized view
     * computed by a function alone, such as query_to_xml over SQL text, has none in pg_depend).
     */
    private static final String READABLE_MATERIALIZED_VIEWS = """
            SELECT n.nspname, c.relname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'm' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND pg_catalog.has_schema_privilege(?, c.relnamespace, 'USAGE')
              AND pg_catalog.has_table_privilege(?, c.oid, 'SELECT')
            ORDER BY 1, 2
            """;

    private static final String SECURITY_DEFINER = """
            SELECT p.oid::regprocedure::text
            FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            WHERE p.prosecdef AND pg_catalog.has_function_privilege(?, p.oid, 'EXECUTE')
              AND pg_catalog.has_schema_privilege(?, n.oid, 'USAGE')
            ORDER BY 1
            """;

    private ProfileRoleCheck() {
    }

    /**
     * @throws ProfileConfigException naming the profile, the role and what to run to fix it
     * @throws DatabaseUnavailableException when the catalog cannot be read
     */
    static void check(PolicyProfile profile, PolicyCatalog catalog, DatabasePool pool) {
        String role = profile.role();
        String quoted = quote(role);
        try (Connection connection = pool.borrow()) {
            try {
                checkSwitch(profile, connection, role, quoted);
                List<String> findings = findings(profile, catalog, connection, role, quoted);
                if (!findings.isEmpty()) {
                    throw new ProfileConfigException("policy profile '" + profile.name() + "': key 'role': role "
                            + quoted + " can read more than the profile shows, so PostgreSQL would not enforce it. "
                            + "Run, as the owner or a superuser: " + String.join(" ", findings)
                            + " (if a grant comes from PUBLIC or from a role " + quoted + " is a member of, revoke it "
                            + "there; pgmcp roles prints the complete set-up)");
                }
                // Functions PUBLIC may execute are no reason to refuse the start (pgmcp's own check refuses
                // them), but PostgreSQL does not back that check up until EXECUTE is revoked.
                FunctionGrants.warning(profile, connection).ifPresent(LOG::warn);
            } finally {
                connection.rollback();
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot check the role of policy profile '" + profile.name()
                    + "': " + e.getMessage(), e);
        }
    }

    private static void checkSwitch(PolicyProfile profile, Connection connection, String role, String quoted)
            throws SQLException {
        String login;
        try (PreparedStatement ps = connection.prepareStatement(ROLE)) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new ProfileConfigException("policy profile '" + profile.name() + "': key 'role': role "
                            + quoted + " does not exist; create it with the SQL that 'pgmcp roles --config <file>' "
                            + "prints (names are exact: \"Analyst\" and analyst are different roles)");
                }
                login = rs.getString(1);
                if (rs.getBoolean(2) || rs.getBoolean(3)) {
                    throw new ProfileConfigException("policy profile '" + profile.name() + "': key 'role': role "
                            + quoted + (rs.getBoolean(2) ? " is a superuser" : " bypasses row-level security")
                            + ", so PostgreSQL would check nothing; run ALTER ROLE " + quoted
                            + " NOSUPERUSER NOBYPASSRLS");
                }
                if (!rs.getBoolean(4)) {
                    throw notAMember(profile, quoted, login);
                }
            }
        }
        // The definitive test: the very statement every call runs.
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL ROLE " + quoted);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw notAMember(profile, quoted, login);
            }
            throw e;
        }
        connection.rollback();
    }

    private static ProfileConfigException notAMember(PolicyProfile profile, String quoted, String login) {
        return new ProfileConfigException("policy profile '" + profile.name() + "': key 'role': the login role "
                + quote(login) + " may not switch to role " + quoted + "; run GRANT " + quoted + " TO " + quote(login)
                + " (with IAM authentication too: grant the profile roles to the IAM login role)");
    }

    private static List<String> findings(PolicyProfile profile, PolicyCatalog catalog, Connection connection,
                                         String role, String quoted) throws SQLException {
        Set<String> revokes = new LinkedHashSet<>();
        List<String[]> hiddenColumns = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(RELATIONS)) {
            ps.setString(1, role);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Optional<PolicyCatalog.Relation> relation = catalog.relation(rs.getString(1), rs.getString(2));
                    if (relation.isEmpty()) {
                        continue; // created after the catalog was read; the next start checks it
                    }
                    if (!RelationAccessPolicy.permits(profile, relation.get())) {
                        revokes.add("REVOKE SELECT ON " + name(relation.get()) + " FROM " + quoted + ";");
                    } else if (profile.hidesColumns()) {
                        for (String column : relation.get().columns()) {
                            if (ColumnAccessPolicy.hidden(profile, catalog, relation.get().schema(),
                                    relation.get().name(), column)) {
                                hiddenColumns.add(new String[] {relation.get().schema(), relation.get().name(), column});
                            }
                        }
                    }
                }
            }
        }
        if (!hiddenColumns.isEmpty()) {
            try (PreparedStatement ps = connection.prepareStatement(COLUMNS)) {
                ps.setArray(1, connection.createArrayOf("text", hiddenColumns.stream().map(c -> c[0]).toArray()));
                ps.setArray(2, connection.createArrayOf("text", hiddenColumns.stream().map(c -> c[1]).toArray()));
                ps.setArray(3, connection.createArrayOf("text", hiddenColumns.stream().map(c -> c[2]).toArray()));
                ps.setString(4, role);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String table = quote(rs.getString(1)) + "." + quote(rs.getString(2));
                        revokes.add("REVOKE SELECT ON " + table + " FROM " + quoted + "; REVOKE SELECT ("
                                + quote(rs.getString(3)) + ") ON " + table + " FROM " + quoted
                                + "; GRANT SELECT (<the visible columns>) ON " + table + " TO " + quoted + ";");
                    }
                }
            }
        }
        Set<List<String>> readableViews = new LinkedHashSet<>();
        Set<List<String>> flaggedViews = new LinkedHashSet<>();
        try (PreparedStatement ps = connection.prepareStatement(VIEW_SOURCES)) {
            ps.setString(1, role);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readableViews.add(List.of(rs.getString(1), rs.getString(2)));
                    Optional<PolicyCatalog.Relation> source = catalog.relation(rs.getString(3), rs.getString(4));
                    String column = rs.getString(5);
                    boolean hidden = source.isPresent() && (!RelationAccessPolicy.permits(profile, source.get())
                            || (column != null && ColumnAccessPolicy.hidden(profile, catalog, rs.getString(3),
                                    rs.getString(4), column)));
                    if (hidden) {
                        flaggedViews.add(List.of(rs.getString(1), rs.getString(2)));
                        revokes.add("REVOKE SELECT ON " + quote(rs.getString(1)) + "." + quote(rs.getString(2))
                                + " FROM " + quoted + "; (the view reads " + rs.getString(3) + "." + rs.getString(4)
                                + (column != null ? "." + column : "") + ", which the profile hides, with its owner's "
                                + "rights)");
                    }
                }
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(READABLE_MATERIALIZED_VIEWS)) {
            ps.setString(1, role);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    readableViews.add(List.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        // Through the views and materialized views a view reads in turn, each with its owner's rights
        // (a materialized view holds rows computed from its sources, whoever reads it), and through the
        // functions computing a materialized view (HiddenData.unfollowedCall).
        for (List<String> view : readableViews) {
            Optional<PolicyCatalog.Relation> relation = catalog.relation(view.get(0), view.get(1));
            if (relation.isEmpty() || flaggedViews.contains(view)) {
                continue;
            }
            Optional<String> source = HiddenData.firstHiddenSource(profile, catalog, relation.get());
            if (source.isPresent()) {
                revokes.add("REVOKE SELECT ON " + name(relation.get()) + " FROM " + quoted + "; (its rows are "
                        + "computed, through the views it reads, from " + source.get() + ", which the profile hides)");
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(SECURITY_DEFINER)) {
            ps.setString(1, role);
            ps.setString(2, role);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    revokes.add("REVOKE EXECUTE ON FUNCTION " + rs.getString(1) + " FROM PUBLIC, " + quoted
                            + "; (SECURITY DEFINER: it runs with its owner's rights)");
                }
            }
        }
        List<String> out = new ArrayList<>(new ArrayList<>(revokes).subList(0, Math.min(revokes.size(), MAX_LISTED)));
        if (revokes.size() > MAX_LISTED) {
            out.add("... and " + (revokes.size() - MAX_LISTED) + " more.");
        }
        return out;
    }

    private static String name(PolicyCatalog.Relation relation) {
        return quote(relation.schema()) + "." + quote(relation.name());
    }

    private static String quote(String identifier) {
        return Identifiers.quote(identifier);
    }
}
