package dev.pgmcp.localpg;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;

/**
 * The demo's sample database: a small online shop in schema {@code shop} (customers, categories,
 * products, orders, order items, the view {@code shop.order_totals}), plus the login role
 * {@code pgmcp_demo} that may only read it. EXECUTE on the functions with side effects is revoked
 * from PUBLIC and the role's {@code log_min_messages} is {@code log}, as docs/role-setup.md recommends, so
 * that the demo's start-up audit has nothing to warn about.
 *
 * <p>Loading is deterministic and re-runnable: it drops and recreates the schema.
 */
public final class SampleDataset {

    /** The schema that holds the sample data. */
    public static final String SCHEMA = "shop";

    /** The read-only login role created by the dataset; it has no password. */
    public static final String DEMO_ROLE = "pgmcp_demo";

    private static final String RESOURCE = "sample-shop.sql";

    private SampleDataset() {}

    /**
     * Loads the dataset into the database at {@code jdbcUrl}, connecting as {@code user} without
     * a password (fine for {@link ThrowawayPostgres} servers). The user must be able to create
     * schemas and roles, normally a superuser.
     */
    public static void load(String jdbcUrl, String user) throws SQLException {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl, props)) {
            load(connection);
        }
    }

    /** Loads the dataset through an open connection, in one script. */
    public static void load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql());
        } catch (SQLException e) {
            throw new SQLException("Loading the sample dataset failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** The SQL script that creates the dataset. */
    public static String sql() {
        try (InputStream in = SampleDataset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath next to " + SampleDataset.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }
}
