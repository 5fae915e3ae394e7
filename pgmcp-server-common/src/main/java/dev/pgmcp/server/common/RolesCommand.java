package dev.pgmcp.server.common;

import dev.pgmcp.auth.AuthConfig;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.DatabaseUnavailableException;
import dev.pgmcp.policy.profile.PolicyCatalog;
import dev.pgmcp.policy.profile.PolicyProfile;
import dev.pgmcp.policy.profile.RoleSetup;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints the SQL that creates the PostgreSQL role of every policy profile with a {@code role} key,
 * with exactly the grants the profile allows, and the login role's {@code log_min_messages} (errors,
 * logged whole, stay out of the server log). Connects like {@code check} and only reads: the globs
 * are expanded against the live catalog, and the SQL is for an administrator to review and run.
 */
@Command(name = "roles", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print idempotent SQL that creates each policy profile's role (key 'role' in --config) with "
                + "exactly the grants the profile allows, and grants it to the login role; and the login role's "
                + "log_min_messages, which keeps its errors out of the server log. Reads only.",
            "Run the output as the tables' owner or a superuser, e.g.: pgmcp-stdio roles --config pgmcp.yaml "
                    + "--url ... > roles.sql && psql -f roles.sql"})
public final class RolesCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Option(names = "--login-role", paramLabel = "ROLE",
            description = "The role pgmcp logs in as, to be granted each profile role (default: the role this "
                    + "command connects as). With --auth rds-iam, the IAM database user.")
    String loginRole;

    @Option(names = "--revoke-public-execute",
            description = "Also revoke EXECUTE on every user and extension function from PUBLIC, so that PostgreSQL "
                    + "refuses the functions a profile does not allow (functions.allow) as well. Affects every role "
                    + "of the database: grant back what your applications call (see docs/role-setup.md).")
    boolean revokePublicExecute;

    @Override
    public Integer call() throws SQLException {
        Logging.configure(options.logLevel() == null || options.logLevel().equals("info") ? "warn" : options.logLevel());
        Map<String, PolicyProfile> profiles = options.policyProfiles();
        AuthConfig.Applied applied = options.applyAuth(options.connectionSettings(ConnectionResolver.fromSystem()));
        try (DatabasePool pool = DatabasePool.open(applied.settings(), applied.provider(), options.poolOptions())) {
            PolicyCatalog catalog = PolicyCatalog.load(pool);
            try (Connection connection = pool.borrow()) {
                try {
                    String login;
                    String database;
                    try (Statement st = connection.createStatement();
                         ResultSet rs = st.executeQuery("SELECT current_user, current_database()")) {
                        rs.next();
                        login = loginRole != null ? loginRole : rs.getString(1);
                        database = rs.getString(2);
                    }
                    System.out.print(RoleSetup.sql(profiles.values(), catalog, connection, login, database,
                            revokePublicExecute));
                    System.out.flush();
                } finally {
                    connection.rollback();
                }
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot read the catalog: " + e.getMessage(), e);
        }
        return 0;
    }
}
