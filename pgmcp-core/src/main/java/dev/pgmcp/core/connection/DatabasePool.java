package dev.pgmcp.core.connection;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import com.zaxxer.hikari.util.Credentials;
import dev.pgmcp.core.credentials.CredentialProvider;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A HikariCP pool of read-only pgjdbc connections. Connections are handed out with autocommit off
 * and read-only on; pgjdbc is pinned to the extended query protocol, which refuses several
 * commands in one prepared statement. Credentials come from a {@link CredentialProvider} for each
 * new physical connection.
 */
public final class DatabasePool implements AutoCloseable {

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final HikariDataSource dataSource;
    private final ConnectionSettings settings;
    private final CredentialProvider credentials;

    private DatabasePool(HikariDataSource dataSource, ConnectionSettings settings, CredentialProvider credentials) {
        this.dataSource = dataSource;
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
        config.setJdbcUrl(settings.jdbcUrl());
        settings.driverProperties().forEach(config::addDataSourceProperty);
        config.addDataSourceProperty("preferQueryMode", "extended");
        config.addDataSourceProperty("readOnly", "true");
        config.addDataSourceProperty("readOnlyMode", "always");
        config.addDataSourceProperty("autosave", "never");
        // Text transfer keeps getString() equal to PostgreSQL's own output for every type.
        config.addDataSourceProperty("binaryTransfer", "false");
        config.setCredentialsProvider(() -> {
            DatabaseCredentials c = credentials.credentials();
            return Credentials.of(c.username(), c.password());
        });
        config.setAutoCommit(false);
        config.setReadOnly(true);
        config.setMaximumPoolSize(options.maximumSize());
        config.setMinimumIdle(Math.min(1, options.maximumSize()));
        config.setConnectionTimeout(options.connectionTimeout().toMillis());
        config.setMaxLifetime(options.maxLifetime().toMillis());
        config.setIdleTimeout(options.idleTimeout().toMillis());
        config.setInitializationFailTimeout(1);
        try {
            return new DatabasePool(new HikariDataSource(config), settings, credentials);
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

    public CredentialProvider credentialProvider() {
        return credentials;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
