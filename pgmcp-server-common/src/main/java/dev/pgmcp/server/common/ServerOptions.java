package dev.pgmcp.server.common;

import dev.pgmcp.auth.AuthConfig;
import dev.pgmcp.auth.AuthMode;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.runtime.InvalidConfigurationException;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.templates.QueryTemplate;
import dev.pgmcp.core.templates.TemplateConfig;
import dev.pgmcp.core.templates.TemplateConfigException;
import dev.pgmcp.core.templates.TemplateTools;
import dev.pgmcp.policy.profile.PolicyProfile;
import dev.pgmcp.policy.profile.ProfileConfig;
import dev.pgmcp.policy.profile.ProfileConfigException;
import dev.pgmcp.policy.profile.ProfileRuntimes;
import dev.pgmcp.policy.DefaultPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Options both hosts accept, on the command line or as keys of the configuration file. Passwords
 * belong in PGPASSWORD, .pgpass or a configuration file, never on the command line.
 */
public final class ServerOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ServerOptions.class);

    private static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    @Option(names = "--url", paramLabel = "CONNINFO", description = {
        "libpq connection URI or key=value string,",
        "e.g. postgresql://reader@db.example.com:5432/app?sslmode=verify-full.",
        "Unset parts come from PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE, ... and ~/.pgpass."})
    String url;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "JDBC URL instead of --url, e.g. jdbc:postgresql://localhost:5432/app")
    String jdbcUrl;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML file with these options as keys (e.g. statement-timeout: 30s). Also PGMCP_CONFIG.")
    Path config;

    @Option(names = "--sslmode", paramLabel = "MODE",
            description = "disable, allow, prefer, require, verify-ca or verify-full; overrides PGSSLMODE. "
                    + "With --auth rds-iam the default is verify-full and only require, verify-ca, verify-full are accepted.")
    String sslMode;

    @Option(names = "--sslrootcert", paramLabel = "FILE",
            description = "CA certificates to verify the server with (also sslrootcert= in --url, PGSSLROOTCERT). "
                    + "With --auth rds-iam the Amazon RDS CA bundle shipped in the jar is the default.")
    Path sslRootCert;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "static",
            description = "Where the password comes from: static (URL, PGPASSWORD, .pgpass or --password-file), "
                    + "rds-iam (an Amazon RDS IAM token) or secrets-manager (AWS Secrets Manager) (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file holding the password, read again for each new connection (mounted Kubernetes secrets).")
    Path passwordFile;

    @Option(names = "--aws-region", paramLabel = "REGION",
            description = "AWS region; by default taken from the RDS host name, else from the AWS configuration.")
    String awsRegion;

    @Option(names = "--aws-profile", paramLabel = "NAME",
            description = "AWS profile for the credentials; by default the standard chain (environment, web identity, "
                    + "profile, container, EC2 instance role).")
    String awsProfile;

    @Option(names = "--iam-signing-host", paramLabel = "HOST:PORT",
            description = "Sign IAM tokens for this RDS endpoint instead of the host connected to (tunnels, proxies).")
    String iamSigningHost;

    @Option(names = "--secret-id", paramLabel = "ID",
            description = "Name or ARN of the AWS Secrets Manager secret (--auth secrets-manager).")
    String secretId;

    @Option(names = "--secret-username-key", paramLabel = "KEY", defaultValue = "username",
            description = "JSON key of the user name in the secret (default: ${DEFAULT-VALUE}).")
    String secretUsernameKey;

    @Option(names = "--secret-password-key", paramLabel = "KEY", defaultValue = "password",
            description = "JSON key of the password in the secret (default: ${DEFAULT-VALUE}).")
    String secretPasswordKey;

    @Option(names = "--secret-ttl", paramLabel = "DURATION", defaultValue = "15min", converter = Durations.class,
            description = "How long a fetched secret is reused; a rejected login fetches it again (default: ${DEFAULT-VALUE}).")
    Duration secretTtl;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", defaultValue = "15s", converter = Durations.class,
            description = "Longest a query may run (default: ${DEFAULT-VALUE}).")
    Duration statementTimeout;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "1s", converter = Durations.class,
            description = "Longest a query waits for a lock (default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--idle-in-transaction-timeout", paramLabel = "DURATION", defaultValue = "60s",
            converter = Durations.class, description = "Server-side backstop for a stalled call (default: ${DEFAULT-VALUE}).")
    Duration idleInTransactionTimeout;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "200",
            description = "Rows returned when the agent gives no max_rows (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--max-rows-ceiling", paramLabel = "N", defaultValue = "10000",
            description = "Most rows an agent may ask for (default: ${DEFAULT-VALUE}).")
    int maxRowsCeiling;

    @Option(names = "--max-result-bytes", paramLabel = "BYTES", defaultValue = "262144",
            description = "Approximate size cap of one result as JSON (default: ${DEFAULT-VALUE}).")
    long maxResultBytes;

    @Option(names = "--max-sql-length", paramLabel = "CHARS", defaultValue = "100000",
            description = "Longest SQL text accepted (default: ${DEFAULT-VALUE}).")
    int maxSqlLength;

    @Option(names = "--max-cost", paramLabel = "COST", defaultValue = "1e7",
            description = "Refuse queries the planner estimates above this cost, in PostgreSQL's units "
                    + "(default: ${DEFAULT-VALUE}).")
    double maxCost;

    @Option(names = "--max-joins", paramLabel = "N", defaultValue = "16",
            description = "Refuse queries with more joins than this (default: ${DEFAULT-VALUE}).")
    int maxJoins;

    @Option(names = "--max-subquery-depth", paramLabel = "N", defaultValue = "8",
            description = "Refuse queries whose subqueries nest deeper than this (default: ${DEFAULT-VALUE}).")
    int maxSubqueryDepth;

    @Option(names = "--require-parsed-sql", defaultValue = "false",
            description = "Refuse SQL that pgmcp's parser (Apache Calcite) cannot analyse, instead of checking it "
                    + "through PostgreSQL's plan.")
    boolean requireParsedSql;

    @Option(names = "--pool-size", paramLabel = "N", defaultValue = "4",
            description = "Most database connections (default: ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(names = "--pool-timeout", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
            description = "Longest a call waits for a free connection (default: ${DEFAULT-VALUE}).")
    Duration poolTimeout;

    @Option(names = "--catalog-ttl", paramLabel = "DURATION", defaultValue = "5min", converter = Durations.class,
            description = "How long schema information is cached (default: ${DEFAULT-VALUE}).")
    Duration catalogTtl;

    @Option(names = "--list-tables-limit", paramLabel = "N", defaultValue = "500",
            description = "Most tables one list_tables call returns (default: ${DEFAULT-VALUE}).")
    int listTablesLimit;

    @Option(names = "--allow-privileged-role", defaultValue = "false",
            description = "Serve even as a superuser, BYPASSRLS role or member of pg_read_server_files, "
                    + "pg_write_server_files, pg_execute_server_program or pg_signal_backend. Not recommended.")
    boolean allowPrivilegedRole;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = PgmcpRuntime.DEFAULT_PROFILE,
            description = "The policy profile (from the 'profiles' section of --config) that this server applies "
                    + "(default: ${DEFAULT-VALUE}). See docs/policy.md.")
    String profile;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warn, info, debug or trace; logs go to standard error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    /** The command this mixin belongs to, to tell options typed on the command line from keys of the file. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private ConfigFile configFile;

    /**
     * How an error names a setting, so that it blames what the user wrote: the option
     * ({@code --max-cost}) when it was typed on the command line or not set at all, the file and the
     * key ({@code /etc/pgmcp.yaml: max-cost}) when its value came from the configuration file.
     *
     * @param option the long option name, with its dashes
     */
    public String setting(String option) {
        ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
        if (parsed != null && parsed.hasMatchedOption(option)) {
            return option;
        }
        String key = option.replaceFirst("^--", "");
        ConfigFile file = configFile();
        return file.path() != null && file.get(key) != null ? file.path() + ": " + key : option;
    }

    public String logLevel() {
        return logLevel;
    }

    /** The policy profile named by --profile. */
    public String profile() {
        return profile;
    }

    /**
     * The policy profiles of the configuration file, validated (keys, globs, values); names are
     * checked against the database when the runtime starts.
     *
     * @throws ConfigurationException when a profile is invalid or --profile names none of them
     */
    public Map<String, PolicyProfile> policyProfiles() {
        Map<String, PolicyProfile> profiles;
        try {
            profiles = ProfileConfig.parse(configFile().section("profiles"));
        } catch (ProfileConfigException e) {
            throw inFile(e);
        }
        if (!PgmcpRuntime.DEFAULT_PROFILE.equals(profile) && !profiles.containsKey(profile)) {
            throw new ConfigurationException(setting("--profile") + ": " + profile
                    + " names no policy profile; configured: "
                    + (profiles.isEmpty() ? "none (add a 'profiles' section to the --config file)"
                            : String.join(", ", profiles.keySet())) + "; the built-in one is '"
                    + PgmcpRuntime.DEFAULT_PROFILE + "'");
        }
        return profiles;
    }

    /**
     * The configuration file named by --config or PGMCP_CONFIG, for its structured sections (its
     * plain keys are already applied to these options); an empty one when there is none.
     */
    public ConfigFile configFile() {
        if (configFile == null) {
            Path path = config;
            if (path == null) {
                String fromEnvironment = System.getenv("PGMCP_CONFIG");
                path = fromEnvironment == null || fromEnvironment.isBlank() ? null : Path.of(fromEnvironment);
            }
            configFile = path == null ? ConfigFile.empty() : ConfigFile.loadSections(path);
        }
        return configFile;
    }

    /** Resolves the connection: --url or --jdbc-url, with PG* variables and .pgpass, then --sslmode and --sslrootcert. */
    public ConnectionSettings connectionSettings(ConnectionResolver resolver) {
        if (url != null && jdbcUrl != null) {
            throw new ConfigurationException("give --url or --jdbc-url, not both");
        }
        ConnectionSettings settings = jdbcUrl != null ? resolver.resolveJdbcUrl(jdbcUrl) : resolver.resolve(url);
        if (sslMode == null && sslRootCert == null) {
            return settings;
        }
        Map<String, String> properties = new LinkedHashMap<>(settings.driverProperties());
        if (sslMode != null) {
            if (!SSL_MODES.contains(sslMode)) {
                throw new ConfigurationException(setting("--sslmode") + ": invalid value \"" + sslMode
                        + "\"; expected one of " + String.join(", ", SSL_MODES));
            }
            properties.put("sslmode", sslMode);
        }
        if (sslRootCert != null) {
            if (!Files.isReadable(sslRootCert)) {
                throw new ConfigurationException(setting("--sslrootcert") + ": " + sslRootCert
                        + " is not a readable file");
            }
            properties.put("sslrootcert", sslRootCert.toString());
        }
        return new ConnectionSettings(settings.hosts(), settings.ports(), settings.database(), settings.user(),
                settings.password(), settings.passwordSource(), properties);
    }

    /** The credential options, validated. */
    public AuthConfig authConfig() {
        AuthMode mode;
        try {
            mode = AuthMode.parse(auth);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(setting("--auth") + ": " + e.getMessage());
        }
        return new AuthConfig(mode, awsRegion, awsProfile, iamSigningHost, secretId, secretUsernameKey,
                secretPasswordKey, secretTtl, passwordFile, null);
    }

    /** The connection with the credential options applied: TLS rules for IAM, and the credential provider. */
    public AuthConfig.Applied applyAuth(ConnectionSettings connection) {
        return authConfig().apply(connection);
    }

    public ExecutionLimits limits() {
        return new ExecutionLimits(statementTimeout, lockTimeout, idleInTransactionTimeout, maxRows, maxRowsCeiling,
                maxResultBytes, maxSqlLength, ExecutionLimits.DEFAULTS.maxParameterBytes());
    }

    public PoolOptions poolOptions() {
        return new PoolOptions(poolSize, poolTimeout, PoolOptions.DEFAULTS.maxLifetime(),
                PoolOptions.DEFAULTS.idleTimeout());
    }

    /** The policy of the command-line limits: function allowlist (built-in read functions only), cost, joins and nesting. */
    public QueryPolicy defaultPolicy() {
        Problems problems = new Problems();
        if (maxJoins < 0) {
            problems.add(setting("--max-joins") + ": must be 0 or more, was " + maxJoins);
        }
        if (maxSubqueryDepth < 0) {
            problems.add(setting("--max-subquery-depth") + ": must be 0 or more, was " + maxSubqueryDepth);
        }
        if (!(maxCost > 0) || Double.isInfinite(maxCost)) {
            problems.add(setting("--max-cost") + ": must be a positive number, was " + maxCost);
        }
        problems.throwIfAny();
        return DefaultPolicy.of(maxCost, maxJoins, maxSubqueryDepth);
    }

    /**
     * A runtime builder with every option applied, for the given connection.
     *
     * @throws ConfigurationException with every problem of the options and the configuration file
     */
    public PgmcpRuntime.Builder runtime(ConnectionSettings connection) {
        Problems problems = new Problems();
        ServerPlan plan = plan(connection, problems);
        problems.throwIfAny();
        return plan.runtime();
    }

    /**
     * Start-up up to the point where it connects, the same for serving and for {@code check}:
     * resolves the connection and validates every option and section, adding each problem to
     * {@code problems} instead of stopping at the first.
     *
     * @return the plan, or null when a problem leaves nothing to connect with
     */
    public ServerPlan plan(ConnectionResolver resolver, Problems problems) {
        ConnectionSettings connection = problems.check(() -> connectionSettings(resolver));
        if (connection != null) {
            warnOfPasswordOnCommandLine();
        }
        return plan(connection, problems);
    }

    private ServerPlan plan(ConnectionSettings connection, Problems problems) {
        AuthConfig.Applied applied = connection == null ? null : problems.check(() -> applyAuth(connection));
        ExecutionLimits limits = problems.check(this::limits);
        PoolOptions pool = problems.check(this::poolOptions);
        QueryPolicy policy = problems.check(this::defaultPolicy);
        Map<String, PolicyProfile> profiles = problems.check(this::policyProfiles);
        List<QueryTemplate> templates = limits == null ? null : problems.check(() -> templates(limits));
        PgmcpRuntime.Builder builder = PgmcpRuntime.builder();
        problems.check(() -> builder.catalogTtl(catalogTtl));
        problems.check(() -> builder.listTablesLimit(listTablesLimit));
        if (applied == null || limits == null || pool == null || policy == null || profiles == null
                || templates == null) {
            return null;
        }
        builder.connection(applied.settings())
                .credentials(applied.provider())
                .limits(limits)
                .pool(pool)
                .policy(policy)
                .profiles(new ProfileRuntimes(profiles, maxCost, maxJoins, maxSubqueryDepth))
                .requireParsedSql(requireParsedSql)
                .allowPrivilegedRole(allowPrivilegedRole);
        if (!templates.isEmpty()) {
            builder.addTools(executor -> TemplateTools.create(templates, executor));
        }
        return new ServerPlan(applied, builder, configFile().path());
    }

    /** The query templates of the configuration file, validated (the database checks follow at start). */
    public List<QueryTemplate> templates() {
        return templates(limits());
    }

    private List<QueryTemplate> templates(ExecutionLimits limits) {
        try {
            return TemplateConfig.parse(configFile().section("templates"), limits);
        } catch (TemplateConfigException e) {
            throw inFile(e);
        }
    }

    private ConfigurationException inFile(InvalidConfigurationException e) {
        return ConfigurationException.inFile(configFile().path(), e);
    }

    /**
     * A password typed into --url or --jdbc-url is visible to every user of the machine (the process
     * list) and stays in the shell history; say so, without repeating it.
     */
    private void warnOfPasswordOnCommandLine() {
        for (String option : List.of("--url", "--jdbc-url")) {
            String value = option.equals("--url") ? url : jdbcUrl;
            ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
            if (value != null && parsed != null && parsed.hasMatchedOption(option)
                    && ConnectionStrings.hasPassword(value, option.equals("--jdbc-url"))) {
                LOG.warn("{} holds a password, which other users of this machine can read in the process list and "
                        + "which stays in the shell history; put it in ~/.pgpass, PGPASSWORD, --password-file or the "
                        + "configuration file instead", option);
            }
        }
    }
}
