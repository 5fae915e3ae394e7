package dev.pgmcp.server.common;

import dev.pgmcp.auth.AuthConfig;
import dev.pgmcp.core.audit.PrivilegeAudit;
import dev.pgmcp.core.audit.PrivilegeReport;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.HostSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Checks a configuration without serving: resolves the credentials, connects, and prints the
 * server version, the role, the privilege audit, the credential provider, the TLS mode and which
 * server answered. Exits 0 when every step passed, 1 with the failed step's cause otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the connection, credentials, TLS and role, print what was found, and exit.",
            "Exit code 0: ready to serve; 1: a step failed (the cause is printed); 2: bad options."})
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() {
        Logging.configure(options.logLevel() == null || options.logLevel().equals("info") ? "warn" : options.logLevel());
        PrintStream out = System.out;
        ConnectionSettings resolved = options.connectionSettings(ConnectionResolver.fromSystem());
        AuthConfig.Applied applied = options.applyAuth(resolved);
        ConnectionSettings settings = applied.settings();
        out.println("connection:  " + settings.describe());
        out.println("credentials: " + applied.provider().description());
        out.println("tls:         " + applied.tlsSummary());
        String step = "credentials";
        try {
            DatabaseCredentials credentials = applied.provider().credentials();
            out.println("             obtained for role " + credentials.username()
                    + credentials.expiry().map(at -> ", valid until " + at).orElse(""));
            step = "connect";
            try (DatabasePool pool = DatabasePool.open(settings, applied.provider(), options.poolOptions())) {
                step = "query";
                try (Connection c = pool.borrow(); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), current_user, "
                             + "pg_is_in_recovery(), (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), "
                             + "(SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()), "
                             + "(SELECT reset_val FROM pg_settings WHERE name = 'default_transaction_read_only')")) {
                    rs.next();
                    HostSpec host = c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
                    out.println("server:      PostgreSQL " + rs.getString(1) + " at " + host.getHost() + ":"
                            + host.getPort() + " (" + (rs.getBoolean(3) ? "standby"
                            : rs.getString(6).equals("on") ? "primary, read-only by default" : "primary") + ")");
                    out.println("role:        " + rs.getString(2));
                    out.println("session tls: " + (rs.getBoolean(4) ? rs.getString(5) : "none"));
                    c.rollback();
                }
                step = "privilege audit";
                PrivilegeReport report = PrivilegeAudit.run(pool.dataSource());
                List<String> refusals = report.refusals();
                List<String> warnings = report.warnings();
                if (refusals.isEmpty() && warnings.isEmpty()) {
                    out.println("audit:       ok, the role can only read");
                }
                warnings.forEach(w -> out.println("audit:       warning: " + w));
                refusals.forEach(r -> out.println("audit:       " + (options.allowPrivilegedRole ? "accepted: " : "refused: ")
                        + r));
                if (!refusals.isEmpty() && !options.allowPrivilegedRole) {
                    return fail("privilege audit", "pgmcp would refuse to serve with this role (see docs/role-setup.md)");
                }
            }
        } catch (Exception e) {
            return fail(step, CommandLines.describe(e) + hint(e));
        }
        out.println("check:       ok");
        return 0;
    }

    private static int fail(String step, String cause) {
        System.out.println("check:       FAILED at " + step);
        System.err.println("pgmcp: check failed at " + step + ": " + cause);
        return CommandLines.EXIT_RUNTIME_FAILURE;
    }

    private static String hint(Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("SSL error") || message.contains("certificate")) {
            return ". The server's TLS certificate was not trusted or does not name the host connected to: check "
                    + "--sslrootcert (with --auth rds-iam the bundled Amazon RDS CA is the default) and connect with "
                    + "the host name in the certificate";
        }
        if (message.contains("PAM authentication failed") || message.contains("password authentication failed")) {
            return ". The login was rejected even after refreshing the credentials once";
        }
        return "";
    }
}
