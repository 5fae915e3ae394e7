package dev.pgmcp.testing;

import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.localpg.LocalPostgresUnavailableException;
import dev.pgmcp.localpg.ThrowawayPostgres;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real PostgreSQL shared by all tests in a JVM, holding the pgmcp test fixture.
 *
 * <p>{@link #get()} starts it on first use. The server comes from, in order:
 * <ol>
 *   <li>{@code PGMCP_TEST_JDBC_URL}: a superuser JDBC URL of an existing server (credentials may be
 *       URL parameters); the fixture goes into a new database {@code pgmcp_test_<random>} that is
 *       dropped when the JVM exits;</li>
 *   <li>a {@link LocalPostgresCluster} from the PostgreSQL binaries on this machine;</li>
 *   <li>a Testcontainers container ({@value ContainerServer#IMAGE}) when Docker is available.</li>
 * </ol>
 * In the last two cases the fixture database is {@code pgmcp_test}. The fixture
 * ({@code fixture.sql}) also creates the login roles {@code pgmcp_reader} (read-only, no access to
 * {@code hr.employees.ssn}), {@code pgmcp_writer} and {@code pgmcp_signal}. On a local cluster these
 * roles must give their real password; the superuser needs none.
 *
 * <p>Tests must not change the fixture: other tests in the same JVM read it.
 */
public final class TestDatabase {

    /** Environment variable with a superuser JDBC URL of an existing server to use. */
    public static final String JDBC_URL_ENV = "PGMCP_TEST_JDBC_URL";

    private static final Logger LOG = LoggerFactory.getLogger(TestDatabase.class);
    private static final String READER_USER = "pgmcp_reader";
    private static final String READER_PASSWORD = "reader-secret-1";
    private static final String DEFAULT_DATABASE = "pgmcp_test";
    private static final List<String> PASSWORD_ROLES = List.of(READER_USER, "pgmcp_writer", "pgmcp_signal",
            "pgmcp_profile_login", "pgmcp_owner");
    private static final Object LOCK = new Object();

    private static volatile TestDatabase instance;
    private static RuntimeException startFailure;

    private final String adminUrl;
    private final String databaseName;
    private final String description;

    private TestDatabase(String adminUrl, String databaseName, String description) {
        this.adminUrl = adminUrl;
        this.databaseName = databaseName;
        this.description = description;
    }

    /**
     * The JVM-wide test database, started and loaded on first call. Thread-safe.
     *
     * @throws TestDatabaseUnavailableException if no PostgreSQL can be found; the message lists the ways to provide one
     */
    public static TestDatabase get() {
        TestDatabase db = instance;
        if (db != null) {
            return db;
        }
        synchronized (LOCK) {
            if (instance != null) {
                return instance;
            }
            if (startFailure != null) {
                throw new TestDatabaseUnavailableException(
                        "The test database failed to start earlier in this JVM: " + startFailure.getMessage(), startFailure);
            }
            try {
                instance = create();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
            return instance;
        }
    }

    private static TestDatabase create() {
        List<String> tried = new ArrayList<>();

        String configured = System.getenv(JDBC_URL_ENV);
        if (configured != null && !configured.isBlank()) {
            if (!JdbcUrls.isValid(configured.trim())) {
                throw new TestDatabaseUnavailableException(JDBC_URL_ENV + " is set but is not a PostgreSQL JDBC URL. "
                        + "Expected jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD (a superuser).");
            }
            String url = configured.trim();
            String database = DEFAULT_DATABASE + "_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
            String where = JdbcUrls.host(url) + ":" + JdbcUrls.port(url);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(url, database), "pgmcp-test-database-drop"));
            return load(url, database, JDBC_URL_ENV + " (" + where + ")");
        }
        tried.add(JDBC_URL_ENV + " is not set");

        try {
            LocalPostgresCluster cluster = LocalPostgresCluster.start(clusterOptions());
            String url = JdbcUrls.withCredentials(cluster.jdbcUrl(), cluster.superuser(), null);
            return load(url, DEFAULT_DATABASE, "local PostgreSQL cluster on " + cluster.host() + ":" + cluster.port());
        } catch (LocalPostgresUnavailableException e) {
            tried.add("local binaries: " + e.getMessage());
        }

        if (ContainerServer.dockerAvailable()) {
            String url = ContainerServer.start();
            return load(url, DEFAULT_DATABASE, "Testcontainers " + ContainerServer.IMAGE + " on "
                    + JdbcUrls.host(url) + ":" + JdbcUrls.port(url));
        }
        tried.add("Testcontainers: no Docker engine is available");

        throw new TestDatabaseUnavailableException("No PostgreSQL for the tests. Provide one of:\n"
                + "  1. " + JDBC_URL_ENV + "=jdbc:postgresql://HOST:PORT/postgres?user=SUPERUSER&password=... "
                + "(an existing server; the fixture goes into a temporary database pgmcp_test_<random>);\n"
                + "  2. PostgreSQL server binaries (e.g. apt-get install postgresql), found in /usr/lib/postgresql/*/bin, "
                + "via pg_config or initdb on the PATH, or in " + LocalPostgresCluster.BIN_DIRECTORY_ENV + ";\n"
                + "  3. a running Docker engine, for Testcontainers.\n"
                + "Tried:\n  - " + String.join("\n  - ", tried));
    }

    /** Passwords are checked for the fixture's login roles; the superuser keeps trust authentication. */
    private static LocalPostgresCluster.Options clusterOptions() {
        LocalPostgresCluster.Options.Builder options = LocalPostgresCluster.Options.builder()
                .setting("max_wal_size", "1GB");
        String roles = String.join(",", PASSWORD_ROLES);
        options.hbaLine("host all " + roles + " 127.0.0.1/32 scram-sha-256");
        options.hbaLine("host all " + roles + " ::1/128 scram-sha-256");
        return options.build();
    }

    private static TestDatabase load(String adminUrl, String database, String description) {
        long started = System.nanoTime();
        try {
            Fixture.create(adminUrl, database);
        } catch (SQLException e) {
            throw new TestDatabaseUnavailableException("Could not create the test database " + database + " on "
                    + description + ": " + e.getMessage(), e);
        }
        LOG.info("Test database {} ready on {}; fixture loaded in {} ms", database, description,
                (System.nanoTime() - started) / 1_000_000);
        return new TestDatabase(adminUrl, database, description);
    }

    private static void dropQuietly(String adminUrl, String database) {
        try {
            Fixture.drop(adminUrl, database);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not drop test database {}: {}", database, e.getMessage());
        }
    }

    /**
     * Starts a separate throwaway cluster with its own settings (SSL, pg_hba rules) from the local
     * binaries; close it when done. It holds no fixture; see {@link #createFixtureDatabase}.
     * Aborts (skips) the calling test when this machine has no PostgreSQL binaries.
     */
    public static LocalPostgresCluster startDedicatedCluster(LocalPostgresCluster.Options options) {
        Objects.requireNonNull(options, "options");
        Assumptions.assumeTrue(options.binDirectory().isPresent() || LocalPostgresCluster.findBinaries().isPresent(),
                "This test needs its own PostgreSQL cluster, but no server binaries were found: install PostgreSQL "
                        + "or set " + LocalPostgresCluster.BIN_DIRECTORY_ENV);
        return LocalPostgresCluster.start(options);
    }

    /**
     * Creates database {@code pgmcp_test} on {@code server} (a dedicated cluster, say), loads the
     * fixture and its roles, and returns the database's superuser JDBC URL.
     */
    public static String createFixtureDatabase(ThrowawayPostgres server) {
        String adminUrl = JdbcUrls.withCredentials(server.jdbcUrl(), server.superuser(), null);
        return load(adminUrl, DEFAULT_DATABASE, server.toString()).superuserJdbcUrl();
    }

    /** JDBC URL of the fixture database as superuser; it carries the credentials. */
    public String superuserJdbcUrl() {
        return JdbcUrls.withDatabase(adminUrl, databaseName);
    }

    /**
     * JDBC URL of another database on the same server as superuser, for a test that creates a
     * throwaway database of its own (say, to change what PUBLIC may do, which the fixture must keep).
     */
    public String superuserJdbcUrl(String database) {
        return JdbcUrls.withDatabase(adminUrl, database);
    }

    /** JDBC URL of the fixture database as {@code pgmcp_reader}; it carries the user and password. */
    public String readerJdbcUrl() {
        return JdbcUrls.withCredentials(jdbcUrl(), READER_USER, READER_PASSWORD);
    }

    /**
     * JDBC URL of the fixture database as {@code pgmcp_profile_login}: a login role with no grant of its
     * own (NOINHERIT) that may switch to the profile role {@code pgmcp_guarded} (no schema "Analytics",
     * no column hr.employees.ssn).
     */
    public String profileLoginJdbcUrl() {
        return JdbcUrls.withCredentials(jdbcUrl(), "pgmcp_profile_login", "profile-login-secret-1");
    }

    /** JDBC URL of the fixture database without credentials, for code that takes them separately. */
    public String jdbcUrl() {
        return JdbcUrls.withoutCredentials(superuserJdbcUrl());
    }

    public String host() {
        return JdbcUrls.host(adminUrl);
    }

    public int port() {
        return JdbcUrls.port(adminUrl);
    }

    /** {@code pgmcp_test}, or {@code pgmcp_test_<random>} on a server from {@value #JDBC_URL_ENV}. */
    public String databaseName() {
        return databaseName;
    }

    /** {@code pgmcp_reader}: may log in and SELECT from the fixture, except column {@code hr.employees.ssn}. */
    public String readerUser() {
        return READER_USER;
    }

    public String readerPassword() {
        return READER_PASSWORD;
    }

    /** A new connection to the fixture database as superuser; the caller closes it. */
    public Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(superuserJdbcUrl());
    }

    /** A new connection to the fixture database as {@code pgmcp_reader}; the caller closes it. */
    public Connection readerConnection() throws SQLException {
        return DriverManager.getConnection(readerJdbcUrl());
    }

    /** Where the server came from, e.g. "local PostgreSQL cluster on 127.0.0.1:41234". */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return "TestDatabase[" + databaseName + " on " + description + "]";
    }
}
