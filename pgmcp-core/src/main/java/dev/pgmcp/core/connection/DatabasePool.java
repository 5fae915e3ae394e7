package dev.pgmcp.core.connection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.pgmcp.core.credentials.CredentialProvider;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A HikariCP pool of read-only pgjdbc connections. Connections are handed out with autocommit off
 * and read-only on; pgjdbc is pinned to the extended query protocol, which refuses several
 * commands in one prepared statement. Credentials come from a {@link CredentialProvider} for each
 * new physical connection; a rejected login is retried once with refreshed credentials
 * ({@link CredentialRetryingDataSource}).
 */
public final class DatabasePool implements AutoCloseable {

    /**
     * Most bytes pgjdbc buffers for one fetch of rows (its {@code maxResultBuffer}, pinned). The
     * driver reads a whole fetch of rows before pgmcp sees the first, and each row whole: this bound
     * keeps a 20 MB cell or a wide fetch from ever being allocated. pgjdbc checks it before it
     * allocates a row; when a row or fetch would exceed it, the driver fails with SQLSTATE 08S01 and
     * closes the connection, which the pool then replaces.
     */
    public static final long MAX_RESULT_BUFFER_BYTES = 8L * 1024 * 1024;

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final HikariDataSource dataSource;
    private final ConnectionSettings settings;
    private final CredentialProvider credentials;
    private final CredentialRetryingDataSource physical;

    private DatabasePool(HikariDataSource dataSource, ConnectionSettings settings, CredentialProvider credentials,
                         CredentialRetryingDataSource physical) {
        this.dataSource = dataSource;
        this.physical = physical;
        this.settings = settings;
        this.credentials = credentials;
    }

    /**
     * Opens the pool and makes one connection, so that a wrong host, password or database fails
     * here with PostgreSQL's own message.
     *
     * @throws DatabaseUnavailableException when the first connection cannot be made
     */
    public static DatabasePool open(ConnectionSettings settings, CredentialProvider credentials, PoolOptions options) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("pgmcp-" + POOL_NUMBER.incrementAndGet());
        Properties properties = settings.toDriverProperties();
        properties.setProperty("preferQueryMode", "extended");
        properties.setProperty("readOnly", "true");
        properties.setProperty("readOnlyMode", "always");
        properties.setProperty("autosave", "never");
        // Unnamed statements only: a named server-side statement would outlive the call, and any later
        // caller on the session could read its SQL, literals included, in pg_prepared_statements.
        properties.setProperty("prepareThreshold", "0");
        properties.setProperty("maxResultBuffer", Long.toString(MAX_RESULT_BUFFER_BYTES));
        // Error and notice messages reach the driver cut to a few kilobytes, whatever their size, on
        // plain TCP and above TLS (the connection's own sslfactory, if any, still makes the TLS socket).
        MessageFilterProperties.apply(properties);
        // Text transfer keeps getString() equal to PostgreSQL's own output for every type.
        properties.setProperty("binaryTransfer", "false");
        CredentialRetryingDataSource physical = new CredentialRetryingDataSource(settings.jdbcUrl(), properties,
                credentials);
        config.setDataSource(physical);
        config.setAutoCommit(false);
        config.setReadOnly(true);
        config.setMaximumPoolSize(options.maximumSize());
        config.setMinimumIdle(Math.min(1, options.maximumSize()));
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setMaxLifetime(options.maxLifetime().toMillis());
        config.setIdleTimeout(options.idleTimeout().toMillis());
        config.setInitializationFailTimeout(1);
        try {
            return new DatabasePool(new HikariDataSource(config), settings, credentials, physical);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DatabaseUnavailableException("cannot connect to PostgreSQL as " + settings.describe() + ": "
                    + cause.getMessage(), cause);
        }
    }

    /** A connection in a fresh state; close it to give it back. */
    public Connection borrow() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Whether {@code e} is pgjdbc's refusal to buffer more than {@link #MAX_RESULT_BUFFER_BYTES}; the
     * connection it came from is closed.
     */
    public static boolean isResultBufferExceeded(SQLException e) {
        return "08S01".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().contains("maxResultBuffer");
    }

    /** Closes the connection instead of reusing it, for example after a failed clean-up. */
    public void evict(Connection connection) {
        dataSource.evictConnection(connection);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /** Where physical connections come from, with counters of logins retried after a rejection. */
    public CredentialRetryingDataSource physicalConnections() {
        return physical;
    }

    public CredentialProvider credentialProvider() {
        return credentials;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
