package dev.pgmcp.core.connection;

import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * Bounds the whole start-up of a physical connection by {@code connect_timeout}, as libpq does, and
 * turns pgjdbc's "The connection attempt failed." into a message that says what happened.
 *
 * <p>In pgjdbc 42.7.14 {@code connectTimeout} bounds only the TCP connect; the SSL request, the
 * start-up packet and authentication then read without a bound ({@code socketTimeout} 0), so a peer
 * that accepts and never answers holds the attempt until {@code loginTimeout}, which HikariCP sets
 * from its own connection timeout. pgmcp therefore gives each read of the start-up
 * {@code socketTimeout = connect_timeout} (so every host of a list gets its own bound, and pgjdbc's
 * connect thread ends too), bounds the whole attempt by {@code loginTimeout = connect_timeout} per
 * host, and sets the connection's network timeout back once it is open, so queries are bounded by
 * {@code statement_timeout} alone.
 */
final class StartupTimeout {

    /** The bound when no {@code connect_timeout} is given: pgjdbc's own connect timeout. */
    static final int DEFAULT_SECONDS = 10;

    private final int seconds;
    private final int hosts;
    private final String hostList;
    private final int socketTimeoutAfter;

    private StartupTimeout(int seconds, List<String> hostPorts, int socketTimeoutAfter) {
        this.seconds = seconds;
        this.hosts = hostPorts.size();
        this.hostList = String.join(", ", hostPorts);
        this.socketTimeoutAfter = socketTimeoutAfter;
    }

    /** The bound for {@code jdbcUrl} with these driver properties ({@code connectTimeout} in seconds). */
    static StartupTimeout of(String jdbcUrl, Properties properties) {
        int seconds = intProperty(properties, PGProperty.CONNECT_TIMEOUT.getName(), DEFAULT_SECONDS);
        int socketTimeout = intProperty(properties, PGProperty.SOCKET_TIMEOUT.getName(), 0);
        return new StartupTimeout(Math.max(0, seconds), hostPorts(jdbcUrl), Math.max(0, socketTimeout));
    }

    /**
     * Sets the start-up bounds in {@code props}. {@code poolLoginTimeout} (HikariCP's, in seconds) is
     * used only when connect_timeout is 0.
     */
    void apply(Properties props, int poolLoginTimeout) {
        if (seconds > 0) {
            props.setProperty(PGProperty.CONNECT_TIMEOUT.getName(), Integer.toString(seconds));
            props.setProperty(PGProperty.SOCKET_TIMEOUT.getName(), Integer.toString(seconds));
            props.setProperty(PGProperty.LOGIN_TIMEOUT.getName(), Integer.toString(seconds * Math.max(1, hosts)));
        } else if (poolLoginTimeout > 0 && !props.containsKey(PGProperty.LOGIN_TIMEOUT.getName())) {
            props.setProperty(PGProperty.LOGIN_TIMEOUT.getName(), Integer.toString(poolLoginTimeout));
        }
    }

    /** Gives an open connection back the network timeout the configuration asked for (none by default). */
    void opened(Connection connection) throws SQLException {
        if (seconds > 0) {
            connection.setNetworkTimeout(null, socketTimeoutAfter * 1000);
        }
    }

    /**
     * A clearer exception for a failed attempt: no answer within the bound, or a host name that does
     * not resolve; otherwise {@code failure} itself.
     */
    SQLException explain(SQLException failure, int poolLoginTimeout) {
        UnknownHostException unknown = cause(failure, UnknownHostException.class);
        if (unknown != null) {
            String name = unknown.getMessage() == null ? hostList : unknown.getMessage();
            return new SQLException("the host name '" + name + "' does not resolve: check its spelling in --url or "
                    + "PGHOST, and that this machine's DNS knows it", failure.getSQLState(), failure);
        }
        boolean timedOut = cause(failure, SocketTimeoutException.class) != null
                || "Connection attempt timed out.".equals(failure.getMessage());
        if (timedOut) {
            String bound = seconds > 0 ? " within " + seconds + " s" + (hosts > 1 ? " each" : "") + " (connect_timeout)"
                    : poolLoginTimeout > 0 ? " within " + poolLoginTimeout + " s (--pool-timeout)" : "";
            return new SQLException("no answer from " + hostList + bound + ": check that this host "
                    + "and port are PostgreSQL's, that no firewall or proxy holds the connection, and that the "
                    + "server is not overloaded; raise connect_timeout for a slow network", "08001", failure);
        }
        return failure;
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static int intProperty(Properties properties, String name, int fallback) {
        String value = properties.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static List<String> hostPorts(String jdbcUrl) {
        Properties parsed = Driver.parseURL(jdbcUrl, null);
        List<String> result = new ArrayList<>();
        if (parsed == null) {
            return result;
        }
        String[] hosts = parsed.getProperty(PGProperty.PG_HOST.getName(), "").split(",");
        String[] ports = parsed.getProperty(PGProperty.PG_PORT.getName(), "").split(",");
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i];
            String port = i < ports.length ? ports[i] : "5432";
            result.add((host.contains(":") ? "[" + host + "]" : host) + ":" + port);
        }
        return result;
    }
}
