package dev.pgmcp.server.common;

import dev.pgmcp.auth.AuthConfig;
import dev.pgmcp.core.audit.PrivilegeAudit;
import dev.pgmcp.core.audit.PrivilegeReport;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.runtime.UnsafeRoleException;
import java.io.PrintStream;
import java.io.PrintWriter;
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
 * Checks a configuration without serving. It runs the host's start-up ({@link ServerHost#plan},
 * then {@link ServerPlan#start}: the same code as serving, so nothing that serving refuses passes),
 * and reports on the way what it found: the connection, TLS mode, credential provider, server,
 * role, privilege audit and policy profiles. Every configuration problem is printed, not only the
 * first, and the exit code is the one start-up would give: 0 ready to serve, 1 the database, the
 * credentials or the role failed, 2 the options or the configuration are wrong.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run every check that start-up runs, print what was found and each problem, and exit.",
            "The checks: options, configuration file, connection, credentials, TLS, role, policy profiles, templates",
            "(and for pgmcp-http its own options, the access section and the listen rule).",
            "Exit code 0: ready to serve; 1: the database, credentials or role failed;",
            "2: bad options or configuration."})
public class CheckCommand implements Callable<Integer>, ServerHost {

    /** Width of the headings of the report, so that every value starts in the same column. */
    private static final String FORMAT = "%-13s%s%n";

    @Mixin
    protected ServerOptions options;

    /** The stdio host's start-up; a host with options of its own overrides this with its own. */
    @Override
    public ServerPlan plan(Problems problems) {
        return options.plan(ConnectionResolver.fromSystem(), problems);
    }

    @Override
    public Integer call() {
        Logging.configure(options.logLevel() == null || options.logLevel().equals("info") ? "warn" : options.logLevel());
        Report out = new Report(System.out);
        Problems problems = new Problems();
        ServerPlan plan = plan(problems);
        if (plan == null) {
            return finish(out, problems);
        }
        AuthConfig.Applied applied = plan.applied();
        ConnectionSettings settings = applied.settings();
        out.line("connection:", settings.describe());
        out.line("tls:", applied.tlsSummary());
        out.line("credentials:", applied.provider().description());
        String step = "credentials";
        try {
            DatabaseCredentials credentials = applied.provider().credentials();
            out.line("", "obtained for role " + credentials.username()
                    + credentials.expiry().map(at -> ", valid until " + at).orElse(""));
            step = "connect";
            try (DatabasePool pool = DatabasePool.open(settings, applied.provider(), options.poolOptions())) {
                step = "query";
                describeServer(pool, out);
                step = "privilege audit";
                describeAudit(PrivilegeAudit.run(pool.dataSource()), out);
            }
            step = "start";
            try (PgmcpRuntime runtime = plan.start()) {
                out.line("profiles:", String.join(", ", runtime.profileNames()));
            }
        } catch (ConfigurationException e) {
            problems.add(e);
        } catch (UnsafeRoleException e) {
            return fail(out, problems, "privilege audit", e);
        } catch (Exception e) {
            return fail(out, problems, step, e);
        }
        return finish(out, problems);
    }

    private void describeServer(DatabasePool pool, Report out) throws Exception {
        try (Connection c = pool.borrow(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version'), current_user, "
                     + "pg_is_in_recovery(), (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), "
                     + "(SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid()), "
                     + "(SELECT reset_val FROM pg_settings WHERE name = 'default_transaction_read_only')")) {
            rs.next();
            HostSpec host = c.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
            out.line("server:", "PostgreSQL " + rs.getString(1) + " at " + host.getHost() + ":" + host.getPort()
                    + " (" + (rs.getBoolean(3) ? "standby"
                    : rs.getString(6).equals("on") ? "primary, read-only by default" : "primary") + ")");
            out.line("role:", rs.getString(2));
            out.line("session tls:", rs.getBoolean(4) ? rs.getString(5) : "none");
            c.rollback();
        }
    }

    /** What the audit found; whether a refusal stops the start is decided by start-up itself. */
    private void describeAudit(PrivilegeReport report, Report out) {
        List<String> refusals = report.refusals();
        List<String> warnings = report.warnings();
        if (refusals.isEmpty() && warnings.isEmpty()) {
            out.line("audit:", "ok, the role can only read");
        }
        warnings.forEach(w -> out.line("audit:", "warning: " + w));
        refusals.forEach(r -> out.line("audit:", (options.allowPrivilegedRole ? "accepted: " : "refused: ") + r));
    }

    /** A step failed: report it, with any configuration problem found before, and exit as start-up would. */
    private static int fail(Report out, Problems problems, String step, Exception e) {
        out.line("check:", "FAILED at " + step);
        PrintWriter err = stderr();
        CommandLines.print(err, problems.list());
        err.println("pgmcp: check failed at " + step + ": " + CommandLines.describe(e) + hint(e));
        err.flush();
        return problems.isEmpty() ? CommandLines.exitCode(e) : CommandLines.EXIT_USAGE;
    }

    private static int finish(Report out, Problems problems) {
        if (problems.isEmpty()) {
            out.line("check:", "ok");
            return 0;
        }
        int count = problems.list().size();
        out.line("check:", "FAILED, " + count + (count == 1 ? " problem" : " problems")
                + " in the configuration (printed on standard error)");
        CommandLines.print(stderr(), problems.list());
        return CommandLines.EXIT_USAGE;
    }

    private static PrintWriter stderr() {
        return new PrintWriter(System.err, true);
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

    /** The report on standard output: a heading, then the value, each line under its own heading. */
    private record Report(PrintStream out) {
        void line(String heading, String value) {
            out.printf(FORMAT, heading, value);
        }
    }
}
