package dev.pgmcp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates a fixture database and loads {@code fixture.sql} into it. */
final class Fixture {

    private static final String RESOURCE = "fixture.sql";

    private Fixture() {}

    /**
     * Drops and recreates {@code database} through {@code adminUrl} (superuser, any database) with
     * UTF-8 and the C collation, then loads the fixture as superuser.
     */
    static void create(String adminUrl, String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + quote(database)
                    + " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        }
        try (Connection c = DriverManager.getConnection(JdbcUrls.withDatabase(adminUrl, database));
             Statement s = c.createStatement()) {
            s.execute(sql());
        } catch (SQLException e) {
            throw new SQLException("Loading " + RESOURCE + " into " + database + " failed: " + e.getMessage(), e.getSQLState(), e);
        }
    }

    /** Drops {@code database}, ending its sessions. */
    static void drop(String adminUrl, String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
        }
    }

    static String sql() {
        try (InputStream in = Fixture.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath next to " + Fixture.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
