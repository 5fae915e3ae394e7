package dev.pgmcp.core.connection;

import dev.pgmcp.core.credentials.CredentialProvider;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * Opens physical pgjdbc connections with credentials from a {@link CredentialProvider}. When the
 * server rejects the login (SQLSTATE 28P01 invalid password, 28000 invalid authorization), the
 * provider is invalidated and one new attempt is made with fresh credentials, so that a rotated
 * secret or an expired token costs one round trip instead of an outage. Retries and failures are
 * logged without secrets and counted. {@code connect_timeout} bounds each attempt's whole start-up
 * ({@link StartupTimeout}).
 */
public final class CredentialRetryingDataSource implements DataSource {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CredentialRetryingDataSource.class);

    private final String jdbcUrl;
    private final Properties properties;
    private final CredentialProvider provider;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final StartupTimeout startup;
    private volatile int loginTimeoutSeconds;

    /**
     * @param jdbcUrl    a {@code jdbc:postgresql:} URL
     * @param properties pgjdbc properties, without user and password (copied)
     * @param provider   where each new connection's credentials come from
     */
    public CredentialRetryingDataSource(String jdbcUrl, Properties properties, CredentialProvider provider) {
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        this.properties = new Properties();
        this.properties.putAll(properties);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.startup = StartupTimeout.of(jdbcUrl, this.properties);
    }

    /** True for the SQLSTATEs of a rejected login: 28P01 (invalid password) and 28000 (invalid authorization). */
    public static boolean isAuthenticationFailure(SQLException e) {
        String state = e.getSQLState();
        return "28P01".equals(state) || "28000".equals(state);
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            Connection connection = connect(provider.credentials());
            connections.incrementAndGet();
            return connection;
        } catch (SQLException first) {
            if (!isAuthenticationFailure(first)) {
                throw first;
            }
            retries.incrementAndGet();
            LOG.warn("login rejected (SQLSTATE {}) with credentials from {}; refreshing them and retrying once",
                    first.getSQLState(), provider.description());
            provider.invalidate();
            try {
                Connection connection = connect(provider.credentials());
                connections.incrementAndGet();
                LOG.info("login succeeded after refreshing credentials from {}", provider.description());
                return connection;
            } catch (SQLException second) {
                failures.incrementAndGet();
                if (isAuthenticationFailure(second)) {
                    LOG.warn("login rejected again (SQLSTATE {}) with fresh credentials from {}",
                            second.getSQLState(), provider.description());
                }
                throw second;
            }
        }
    }

    private Connection connect(DatabaseCredentials credentials) throws SQLException {
        Properties props = new Properties();
        props.putAll(properties);
        props.setProperty("user", credentials.username());
        if (credentials.password() != null) {
            props.setProperty("password", credentials.password());
        }
        startup.apply(props, loginTimeoutSeconds);
        Connection connection;
        try {
            connection = driver.connect(jdbcUrl, props);
        } catch (SQLException e) {
            throw startup.explain(e, loginTimeoutSeconds);
        }
        if (connection == null) {
            throw new SQLException("pgjdbc does not accept the URL " + jdbcUrl, "08001");
        }
        try {
            startup.opened(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** Physical connections opened. */
    public long connectionCount() {
        return connections.get();
    }

    /** Logins that were rejected and retried with refreshed credentials. */
    public long authenticationRetries() {
        return retries.get();
    }

    /** Retries that failed as well. */
    public long authenticationFailures() {
        return failures.get();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the credential provider");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
