package dev.pgmcp.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.testing.TestCertificates;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Error and notice messages are cut above TLS, exactly as on plain TCP, and TLS itself works as
 * before: verify-full checks the CA and the host name, client certificates log in, a factory the
 * connection names still makes the TLS socket. The server is a throwaway PostgreSQL that accepts
 * only TLS, with a CA, server and client certificate made for the test ({@link TestCertificates}).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TlsMessageBoundsTest {

    /** Longest field the filter lets through, with its marker. */
    private static final int FIELD_BOUND = 2048;

    @TempDir
    static Path tls;
    private static LocalPostgresCluster cluster;
    private static TestCertificates certificates;

    @BeforeAll
    static void startTlsCluster() throws Exception {
        certificates = TestCertificates.create(tls, "cert_user");
        cluster = TestDatabase.startDedicatedCluster(certificates.serverOptions()
                // The 120 MB errors below need not reach this cluster's log (see ServerLogBoundTest).
                .setting("log_min_messages", "log")
                .hbaLine("hostssl all cert_user 127.0.0.1/32 cert")
                .hbaLine("hostssl all all 127.0.0.1/32 trust")
                .hbaLine("host all all 0.0.0.0/0 reject")
                .build());
        try (Connection c = java.sql.DriverManager.getConnection(cluster.jdbcUrl() + "?sslmode=require", "postgres", null);
             Statement st = c.createStatement()) {
            st.execute("CREATE ROLE cert_user LOGIN");
        }
    }

    @AfterAll
    static void stopTlsCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ConnectionSettings uri(String user, String host, String query) {
        return new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "nobody")
                .resolve("postgresql://" + user + "@" + host + ":" + cluster.port() + "/postgres?" + query);
    }

    private static ConnectionSettings jdbc(String query) {
        return new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "nobody")
                .resolveJdbcUrl("jdbc:postgresql://localhost:" + cluster.port() + "/postgres?user=postgres&" + query);
    }

    private static DatabasePool open(ConnectionSettings settings) {
        return DatabasePool.open(settings, new StaticCredentialProvider(settings.user(), null, "test"),
                PoolOptions.DEFAULTS);
    }

    private static String path(String file) {
        return switch (file) {
            case "ca.crt" -> certificates.caCertificate().toString();
            case "other-ca.crt" -> certificates.otherCaCertificate().toString();
            case "client.crt" -> certificates.clientCertificate().toString();
            case "client.pk8" -> certificates.clientKey().toString();
            default -> tls.resolve(file).toString();
        };
    }

    /** The session runs over TLS, a 120 MB error and huge message, detail and hint come back cut, and it goes on. */
    private static void assertBoundedOverTls(DatabasePool pool) throws SQLException {
        try (Connection c = pool.borrow(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(rs.next() && rs.getBoolean(1)).as("the session is encrypted with TLS").isTrue();
            }
            c.rollback();
            assertThatThrownBy(() -> st.executeQuery("SELECT CAST(repeat('x', 120000000) AS int)"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        ServerErrorMessage error = e.getServerErrorMessage();
                        assertThat(error.getSQLState()).isEqualTo("22P02");
                        assertThat(error.getMessage()).startsWith("invalid input syntax for type integer")
                                .endsWith("[truncated by pgmcp: " + (120_000_041 - 1900) + " more bytes]")
                                .hasSizeLessThan(FIELD_BOUND);
                    });
            c.rollback();
            assertThatThrownBy(() -> st.execute("DO $$ BEGIN RAISE EXCEPTION '%', repeat('m', 100000) USING "
                    + "DETAIL = repeat('d', 100000), HINT = repeat('h', 100000); END $$"))
                    .isInstanceOfSatisfying(PSQLException.class, e -> {
                        ServerErrorMessage error = e.getServerErrorMessage();
                        for (String field : new String[] {error.getMessage(), error.getDetail(), error.getHint()}) {
                            assertThat(field).hasSizeLessThan(FIELD_BOUND).contains("[truncated by pgmcp: ");
                        }
                        assertThat(error.getDetail()).startsWith("ddd");
                        assertThat(error.getHint()).startsWith("hhh");
                    });
            c.rollback();
            try (ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next() && rs.getInt(1) == 1).isTrue();
            }
            c.rollback();
        }
    }

    @Test
    void verifyFullCutsErrorsAboveTls() throws SQLException {
        try (DatabasePool pool = open(uri("postgres", "localhost", "sslmode=verify-full&sslrootcert=" + path("ca.crt")))) {
            assertBoundedOverTls(pool);
        }
    }

    @Test
    void requireAndVerifyCaCutErrorsAboveTls() throws SQLException {
        try (DatabasePool pool = open(uri("postgres", "127.0.0.1", "sslmode=require"))) {
            assertBoundedOverTls(pool);
        }
        // verify-ca checks the CA but not the host name: 127.0.0.1 is not in the certificate.
        try (DatabasePool pool = open(uri("postgres", "127.0.0.1", "sslmode=verify-ca&sslrootcert=" + path("ca.crt")))) {
            assertBoundedOverTls(pool);
        }
    }

    @Test
    void verifyFullStillRefusesAWrongCaAndAWrongHostName() {
        assertThatThrownBy(() -> open(uri("postgres", "localhost", "sslmode=verify-full&sslrootcert="
                + path("other-ca.crt"))).close())
                .isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining("SSL error");
        assertThatThrownBy(() -> open(uri("postgres", "127.0.0.1", "sslmode=verify-full&sslrootcert="
                + path("ca.crt"))).close())
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("The hostname 127.0.0.1 could not be verified");
    }

    @Test
    void aClientCertificateStillLogsIn() throws SQLException {
        String tlsQuery = "sslmode=verify-full&sslrootcert=" + path("ca.crt");
        try (DatabasePool pool = open(uri("cert_user", "localhost", tlsQuery + "&sslcert=" + path("client.crt")
                + "&sslkey=" + path("client.pk8")))) {
            try (Connection c = pool.borrow(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT current_user, (SELECT client_dn FROM pg_stat_ssl "
                         + "WHERE pid = pg_backend_pid())")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("cert_user");
                assertThat(rs.getString(2)).isEqualTo("/CN=cert_user");
                c.rollback();
            }
            assertBoundedOverTls(pool);
        }
        // Without the certificate the cert method refuses: the client certificate is what logged in.
        assertThatThrownBy(() -> open(uri("cert_user", "localhost", tlsQuery + "&sslcert=" + path("missing.crt")
                + "&sslkey=" + path("missing.pk8"))).close())
                .isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining("certificate");
    }

    @Test
    void aFactoryTheConnectionNamesStillMakesTheTlsSocket() throws SQLException {
        // SingleCertValidatingFactory trusts exactly the certificate in its argument.
        String factory = "sslmode=verify-full&sslfactory=org.postgresql.ssl.SingleCertValidatingFactory&sslfactoryarg=file:";
        try (DatabasePool pool = open(jdbc(factory + path("ca.crt")))) {
            assertBoundedOverTls(pool);
        }
        assertThatThrownBy(() -> open(jdbc(factory + path("other-ca.crt"))).close())
                .isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining("SSL error");
        // pgjdbc's factory that trusts any server, with sslmode=require.
        try (DatabasePool pool = open(jdbc("sslmode=require&sslfactory=org.postgresql.ssl.NonValidatingFactory"))) {
            assertBoundedOverTls(pool);
        }
    }

    /** An application's own factory that extends pgjdbc's, as some set-ups do to add a key store. */
    public static final class ApplicationLibPQFactory extends org.postgresql.ssl.LibPQFactory {
        public ApplicationLibPQFactory(java.util.Properties info) throws PSQLException {
            super(info);
        }
    }

    @Test
    void aClientKeyThatDoesNotLoadIsStillReported() throws SQLException {
        // The server asks for a client certificate (ssl_ca_file) but trusts postgres without one, so the
        // handshake succeeds and only pgjdbc's check after it reports the key file it could not read.
        String query = "sslmode=verify-full&sslrootcert=" + path("ca.crt") + "&sslcert=" + path("client.crt")
                + "&sslkey=" + path("missing.pk8");
        assertThatThrownBy(() -> open(uri("postgres", "localhost", query)).close())
                .isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining("missing.pk8");
        assertThatThrownBy(() -> open(jdbc(query + "&sslfactory=" + ApplicationLibPQFactory.class.getName())).close())
                .isInstanceOf(DatabaseUnavailableException.class).hasMessageContaining("missing.pk8");
        try (DatabasePool pool = open(jdbc("sslmode=verify-full&sslrootcert=" + path("ca.crt") + "&sslfactory="
                + ApplicationLibPQFactory.class.getName()))) {
            assertBoundedOverTls(pool);
        }
    }
}
