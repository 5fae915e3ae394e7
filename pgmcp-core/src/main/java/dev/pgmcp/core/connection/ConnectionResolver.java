package dev.pgmcp.core.connection;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves connection settings the way psql does: key words from the connection string first,
 * then PG* environment variables, then defaults (localhost, port 5432, the operating system user,
 * a database named like the user); the password from the string, PGPASSWORD, or the password file
 * ({@code PGPASSFILE} or {@code ~/.pgpass}).
 */
public final class ConnectionResolver {

    /** libpq key word for each supported environment variable. */
    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("PGHOST", "host"),
            Map.entry("PGHOSTADDR", "hostaddr"),
            Map.entry("PGPORT", "port"),
            Map.entry("PGDATABASE", "dbname"),
            Map.entry("PGUSER", "user"),
            Map.entry("PGPASSWORD", "password"),
            Map.entry("PGPASSFILE", "passfile"),
            Map.entry("PGSSLMODE", "sslmode"),
            Map.entry("PGSSLROOTCERT", "sslrootcert"),
            Map.entry("PGSSLCERT", "sslcert"),
            Map.entry("PGSSLKEY", "sslkey"),
            Map.entry("PGAPPNAME", "application_name"),
            Map.entry("PGCONNECT_TIMEOUT", "connect_timeout"),
            Map.entry("PGOPTIONS", "options"),
            Map.entry("PGTARGETSESSIONATTRS", "target_session_attrs"),
            Map.entry("PGLOADBALANCEHOSTS", "load_balance_hosts"));

    private static final Set<String> KEYWORDS = Set.of("host", "hostaddr", "port", "dbname", "user", "password",
            "passfile", "sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword", "application_name",
            "fallback_application_name", "connect_timeout", "options", "target_session_attrs", "load_balance_hosts",
            "keepalives");

    private static final Set<String> SSL_MODES = Set.of("disable", "allow", "prefer", "require", "verify-ca",
            "verify-full");

    private static final Map<String, String> TARGET_SESSION_ATTRS = Map.of(
            "any", "any", "read-write", "primary", "primary", "primary", "read-only", "secondary",
            "standby", "secondary", "prefer-standby", "preferSecondary");

    /** pgjdbc properties that pgmcp sets itself because the read-only guarantee depends on them. */
    private static final Set<String> RESERVED_DRIVER_PROPERTIES = Set.of("preferQueryMode", "readOnly",
            "readOnlyMode", "autosave", "binaryTransfer", "prepareThreshold", "maxResultBuffer", "socketFactory", "socketFactoryArg", "user", "password");

    private final Map<String, String> environment;
    private final Path home;
    private final String osUser;

    /**
     * @param environment the process environment (System.getenv() in production)
     * @param home        the user's home directory, for ~/.pgpass
     * @param osUser      the operating system user name, the default role
     */
    public ConnectionResolver(Map<String, String> environment, Path home, String osUser) {
        this.environment = Map.copyOf(environment);
        this.home = home;
        this.osUser = osUser;
    }

    /** A resolver over this process's environment, home directory and user. */
    public static ConnectionResolver fromSystem() {
        return new ConnectionResolver(System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("user.name"));
    }

    /**
     * Resolves a libpq connection string (URI or key/value), or only the environment when null.
     *
     * @throws ConnectionConfigException for unknown key words or bad values
     */
    public ConnectionSettings resolve(String conninfo) {
        Map<String, String> keywords = new LinkedHashMap<>();
        Map<String, String> fromString = conninfo == null ? Map.of() : Conninfo.parse(conninfo);
        for (String key : fromString.keySet()) {
            if (!KEYWORDS.contains(key)) {
                throw new ConnectionConfigException("unsupported connection parameter \"" + key + "\"; supported: "
                        + String.join(", ", new TreeSet<>(KEYWORDS)));
            }
        }
        keywords.putAll(fromString);
        String passwordSource = fromString.containsKey("password") ? "the connection string" : null;
        for (Map.Entry<String, String> variable : ENVIRONMENT.entrySet()) {
            String value = environment.get(variable.getKey());
            if (value != null && !value.isEmpty() && !keywords.containsKey(variable.getValue())) {
                keywords.put(variable.getValue(), value);
                if (variable.getValue().equals("password")) {
                    passwordSource = "PGPASSWORD";
                }
            }
        }
        if (environment.containsKey("PGSERVICE") || keywords.containsKey("service")) {
            throw new ConnectionConfigException("connection services (PGSERVICE, pg_service.conf) are not supported; "
                    + "give the settings in --url or PG* variables");
        }

        List<String> hosts = hosts(keywords);
        List<Integer> ports = ports(keywords.get("port"), hosts.size());
        String user = nonEmpty(keywords.get("user"), osUser);
        String database = nonEmpty(keywords.get("dbname"), user);
        String password = keywords.get("password");
        if (password == null) {
            PgPassFile passFile = passFile(keywords.get("passfile"));
            password = passFile.lookup(hosts.get(0), ports.get(0), database, user).orElse(null);
            passwordSource = password == null ? null : passFile.path().toString();
        }
        return new ConnectionSettings(hosts, ports, database, user, password, passwordSource, driverProperties(keywords));
    }

    /**
     * Resolves a JDBC URL ({@code jdbc:postgresql://host:port/db?...}). User and password may come
     * from the URL, else PGUSER/PGPASSWORD and {@code .pgpass}; pgjdbc properties in the URL pass through.
     */
    public ConnectionSettings resolveJdbcUrl(String jdbcUrl) {
        Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, null);
        if (parsed == null) {
            throw new ConnectionConfigException("'" + Conninfo.redact(jdbcUrl) + "' is not a PostgreSQL JDBC URL; "
                    + "expected jdbc:postgresql://host:port/database");
        }
        List<String> hosts = List.of(parsed.getProperty("PGHOST", "localhost").split(","));
        List<Integer> ports = new ArrayList<>();
        for (String port : parsed.getProperty("PGPORT", "5432").split(",")) {
            ports.add(parsePort(port));
        }
        String user = nonEmpty(parsed.getProperty("user"), nonEmpty(environment.get("PGUSER"), osUser));
        String database = nonEmpty(parsed.getProperty("PGDBNAME"), user);
        String password = parsed.getProperty("password");
        String passwordSource = password == null ? null : "the JDBC URL";
        if (password == null && environment.get("PGPASSWORD") != null) {
            password = environment.get("PGPASSWORD");
            passwordSource = "PGPASSWORD";
        }
        if (password == null) {
            PgPassFile passFile = passFile(environment.get("PGPASSFILE"));
            password = passFile.lookup(hosts.get(0), ports.get(0), database, user).orElse(null);
            passwordSource = password == null ? null : passFile.path().toString();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : parsed.stringPropertyNames()) {
            if (name.startsWith("PG")) {
                continue;
            }
            if (RESERVED_DRIVER_PROPERTIES.contains(name) && !name.equals("user") && !name.equals("password")) {
                throw new ConnectionConfigException("the JDBC URL sets \"" + name + "\", which pgmcp sets itself "
                        + "to keep every query read-only; remove it");
            }
            if (!name.equals("user") && !name.equals("password")) {
                properties.put(name, parsed.getProperty(name));
            }
        }
        if (!properties.containsKey("sslmode") && environment.get("PGSSLMODE") != null) {
            properties.put("sslmode", sslMode(environment.get("PGSSLMODE")));
        }
        properties.putIfAbsent("ApplicationName", "pgmcp");
        return new ConnectionSettings(hosts, ports, database, user, password, passwordSource, properties);
    }

    /** The password file: the given path (passfile, PGPASSFILE), else ~/.pgpass. */
    private PgPassFile passFile(String configured) {
        return new PgPassFile(configured != null && !configured.isEmpty() ? Path.of(configured) : home.resolve(".pgpass"));
    }

    private List<String> hosts(Map<String, String> keywords) {
        String host = keywords.get("host");
        String hostaddr = keywords.get("hostaddr");
        if (host == null || host.isEmpty()) {
            host = hostaddr;
        }
        if (host == null || host.isEmpty()) {
            return List.of("localhost");
        }
        List<String> hosts = new ArrayList<>();
        for (String h : host.split(",", -1)) {
            if (h.startsWith("/")) {
                throw new ConnectionConfigException("host \"" + h + "\" is a Unix-domain socket directory, which pgmcp "
                        + "cannot use; connect over TCP, for example host=localhost");
            }
            hosts.add(h.isEmpty() ? "localhost" : h);
        }
        return hosts;
    }

    private static List<Integer> ports(String portText, int hostCount) {
        List<Integer> ports = new ArrayList<>();
        if (portText == null || portText.isEmpty()) {
            for (int i = 0; i < hostCount; i++) {
                ports.add(5432);
            }
            return ports;
        }
        String[] parts = portText.split(",", -1);
        if (parts.length != 1 && parts.length != hostCount) {
            throw new ConnectionConfigException("could not match " + parts.length + " port numbers to " + hostCount
                    + " hosts");
        }
        for (int i = 0; i < hostCount; i++) {
            String part = parts.length == 1 ? parts[0] : parts[i];
            ports.add(part.isEmpty() ? 5432 : parsePort(part));
        }
        return ports;
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new ConnectionConfigException("invalid port number: \"" + text + "\"; expected 1 to 65535");
    }

    private static Map<String, String> driverProperties(Map<String, String> keywords) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (keywords.containsKey("sslmode")) {
            properties.put("sslmode", sslMode(keywords.get("sslmode")));
        }
        copy(keywords, "sslrootcert", properties, "sslrootcert");
        copy(keywords, "sslcert", properties, "sslcert");
        copy(keywords, "sslkey", properties, "sslkey");
        copy(keywords, "sslpassword", properties, "sslpassword");
        copy(keywords, "options", properties, "options");
        String appName = nonEmpty(keywords.get("application_name"),
                nonEmpty(keywords.get("fallback_application_name"), "pgmcp"));
        properties.put("ApplicationName", appName);
        if (keywords.containsKey("connect_timeout")) {
            properties.put("connectTimeout", Integer.toString(nonNegative(keywords.get("connect_timeout"),
                    "connect_timeout")));
        }
        if (keywords.containsKey("target_session_attrs")) {
            String value = keywords.get("target_session_attrs");
            String mapped = TARGET_SESSION_ATTRS.get(value);
            if (mapped == null) {
                throw new ConnectionConfigException("invalid target_session_attrs value: \"" + value + "\"; expected one of "
                        + String.join(", ", new TreeSet<>(TARGET_SESSION_ATTRS.keySet())));
            }
            properties.put("targetServerType", mapped);
        }
        if (keywords.containsKey("load_balance_hosts")) {
            String value = keywords.get("load_balance_hosts");
            if (!value.equals("disable") && !value.equals("random")) {
                throw new ConnectionConfigException("invalid load_balance_hosts value: \"" + value
                        + "\"; expected disable or random");
            }
            properties.put("loadBalanceHosts", Boolean.toString(value.equals("random")));
        }
        if (keywords.containsKey("keepalives")) {
            properties.put("tcpKeepAlive", Boolean.toString(!keywords.get("keepalives").equals("0")));
        }
        return properties;
    }

    private static String sslMode(String value) {
        if (!SSL_MODES.contains(value)) {
            throw new ConnectionConfigException("invalid sslmode value: \"" + value + "\"; expected one of "
                    + String.join(", ", new TreeSet<>(SSL_MODES)));
        }
        return value;
    }

    private static int nonNegative(String text, String name) {
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new ConnectionConfigException("invalid " + name + " value: \"" + text + "\"; expected whole seconds");
    }

    private static void copy(Map<String, String> from, String key, Map<String, String> to, String property) {
        String value = from.get(key);
        if (value != null && !value.isEmpty()) {
            to.put(property, value);
        }
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
