package dev.pgmcp.localpg;

/**
 * A disposable PostgreSQL server reachable over TCP, with a password-less superuser.
 *
 * <p>Closing it stops the server and throws its data away. Implementations are thread-safe and
 * {@link #close()} is idempotent; a JVM shutdown hook closes any instance still open at exit.
 */
public interface ThrowawayPostgres extends AutoCloseable {

    /** JDBC URL of the {@code postgres} database, without credentials. */
    default String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** JDBC URL of the given database on this server, without credentials. */
    default String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + database;
    }

    /** The address the server listens on, always a loopback address. */
    String host();

    /** The TCP port the server listens on. */
    int port();

    /** Name of the superuser role; it needs no password. */
    String superuser();

    /** Stops the server and deletes its data. Never throws; problems are logged. */
    @Override
    void close();
}
