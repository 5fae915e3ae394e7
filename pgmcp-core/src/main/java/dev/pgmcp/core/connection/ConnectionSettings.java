package dev.pgmcp.core.connection;

import dev.pgmcp.core.credentials.CredentialProvider;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where and how to connect, resolved once at start-up from a libpq URI or key/value string, a
 * JDBC URL, PG* environment variables and {@code .pgpass}. Immutable; never prints the password.
 *
 * @param hosts            one or more host names (several for failover or read replicas)
 * @param ports            the port of each host
 * @param database         database name
 * @param user             role to log in as
 * @param password         password, or null when none was found
 * @param passwordSource   where the password came from ("URI", "PGPASSWORD", "/home/u/.pgpass", ...)
 * @param driverProperties pgjdbc properties (sslmode, ApplicationName, ...), without user and password
 */
public record ConnectionSettings(List<String> hosts, List<Integer> ports, String database, String user,
                                 String password, String passwordSource, Map<String, String> driverProperties) {

    public ConnectionSettings {
        hosts = List.copyOf(hosts);
        ports = List.copyOf(ports);
        driverProperties = Map.copyOf(driverProperties);
        if (hosts.isEmpty() || hosts.size() != ports.size()) {
            throw new ConnectionConfigException("each host needs exactly one port");
        }
    }

    /** The JDBC URL, with hosts and database only: credentials go in properties. */
    public String jdbcUrl() {
        String hostList = IntStream.range(0, hosts.size())
                .mapToObj(i -> formatHost(hosts.get(i)) + ":" + ports.get(i))
                .collect(Collectors.joining(","));
        return "jdbc:postgresql://" + hostList + "/" + urlEncode(database);
    }

    /** A copy of the driver properties for pgjdbc. */
    public Properties toDriverProperties() {
        Properties properties = new Properties();
        properties.putAll(driverProperties);
        return properties;
    }

    /** The effective sslmode (pgjdbc's default is prefer, like libpq's). */
    public String sslMode() {
        return driverProperties.getOrDefault("sslmode", "prefer");
    }

    /**
     * A warning for the start-up log when these settings let pgjdbc read messages where pgmcp cannot
     * cut them (GSS encryption asked for with {@code gssEncMode} prefer or require).
     */
    public java.util.Optional<String> messageBoundWarning() {
        return MessageFilterProperties.warning(driverProperties);
    }

    /** A credential provider for the user and password found. */
    public CredentialProvider staticCredentials() {
        return new StaticCredentialProvider(user, password, passwordSource == null ? "nowhere" : passwordSource);
    }

    /** {@code user@host:port/database}, safe for logs and messages. */
    public String describe() {
        String hostList = IntStream.range(0, hosts.size())
                .mapToObj(i -> formatHost(hosts.get(i)) + ":" + ports.get(i))
                .collect(Collectors.joining(","));
        return user + "@" + hostList + "/" + database;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + describe() + ", sslmode=" + sslMode()
                + ", password=" + (password == null ? "none" : "*** from " + passwordSource) + "]";
    }

    private static String formatHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String urlEncode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }
}
