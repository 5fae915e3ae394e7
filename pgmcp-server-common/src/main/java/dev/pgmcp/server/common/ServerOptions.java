package dev.pgmcp.server.common;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.functions.FunctionDenylistPolicy;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Options both hosts accept, on the command line or as keys of the configuration file. Passwords
 * belong in PGPASSWORD, .pgpass or a configuration file, never on the command line.
 */
public final class ServerOptions {

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

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warn, info, debug or trace; logs go to standard error (default: ${DEFAULT-VALUE}).")
    String logLevel;

    public String logLevel() {
        return logLevel;
    }

    /** Resolves the connection: --url or --jdbc-url, with PG* variables and .pgpass. */
    public ConnectionSettings connectionSettings(ConnectionResolver resolver) {
        if (url != null && jdbcUrl != null) {
            throw new ConfigurationException("give --url or --jdbc-url, not both");
        }
        return jdbcUrl != null ? resolver.resolveJdbcUrl(jdbcUrl) : resolver.resolve(url);
    }

    public ExecutionLimits limits() {
        return new ExecutionLimits(statementTimeout, lockTimeout, idleInTransactionTimeout, maxRows, maxRowsCeiling,
                maxResultBytes, maxSqlLength, ExecutionLimits.DEFAULTS.maxParameterBytes());
    }

    public PoolOptions poolOptions() {
        return new PoolOptions(poolSize, poolTimeout, PoolOptions.DEFAULTS.maxLifetime(),
                PoolOptions.DEFAULTS.idleTimeout());
    }

    /** A runtime builder with every option applied, for the given connection. */
    public PgmcpRuntime.Builder runtime(ConnectionSettings connection) {
        return PgmcpRuntime.builder()
                .connection(connection)
                .limits(limits())
                .pool(poolOptions())
                .catalogTtl(catalogTtl)
                .listTablesLimit(listTablesLimit)
                .policy(new FunctionDenylistPolicy())
                .allowPrivilegedRole(allowPrivilegedRole);
    }
}
