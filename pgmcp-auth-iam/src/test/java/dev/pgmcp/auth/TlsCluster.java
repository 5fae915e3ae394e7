package dev.pgmcp.auth;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.testing.TestDatabase;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A throwaway PostgreSQL with TLS that stands in for RDS: {@code iam_user} logs in with the
 * {@code password} method over TLS only (its password is set to an IAM token), {@code rotating_user}
 * with SCRAM over TLS only. The server certificate is for {@code localhost}, signed by the test CA.
 */
public final class TlsCluster implements AutoCloseable {

    private final LocalPostgresCluster cluster;

    private TlsCluster(LocalPostgresCluster cluster) {
        this.cluster = cluster;
    }

    public static TlsCluster start() {
        LocalPostgresCluster.Options options = LocalPostgresCluster.Options.builder()
                .setting("ssl", "on")
                .setting("ssl_cert_file", "server.crt")
                .setting("ssl_key_file", "server.key")
                .setting("password_encryption", "scram-sha-256")
                .copyIntoDataDirectory(resource("server.crt"), "server.crt")
                .copyIntoDataDirectory(resource("server.key"), "server.key")
                .hbaLine("hostssl all iam_user 127.0.0.1/32 password")
                .hbaLine("hostssl all rotating_user 127.0.0.1/32 scram-sha-256")
                .hbaLine("host all iam_user,rotating_user 0.0.0.0/0 reject")
                .build();
        return new TlsCluster(TestDatabase.startDedicatedCluster(options));
    }

    /** A file of the test TLS material: ca.crt, other-ca.crt, server.crt, server.key. */
    public static Path resource(String name) {
        try {
            return Path.of(TlsCluster.class.getResource("/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return cluster.port();
    }

    /** Runs SQL as the superuser. */
    public void sql(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(cluster.jdbcUrl(), cluster.superuser(), null);
             Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Resolves a libpq URI with no environment, for {@code user@host:port/postgres?query}. */
    public ConnectionSettings settings(String user, String host, String query) {
        String url = "postgresql://" + user + "@" + host + ":" + port() + "/postgres" + (query.isEmpty() ? "" : "?" + query);
        return new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "nobody").resolve(url);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
