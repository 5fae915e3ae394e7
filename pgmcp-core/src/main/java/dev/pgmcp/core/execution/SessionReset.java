package dev.pgmcp.core.execution;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Returns a pooled session to a clean state after a call's rollback, so that nothing one caller
 * did reaches the next caller: the parts of {@code DISCARD ALL} (prepared statements, cursors,
 * listeners, settings, the session role, advisory locks, cached plans and sequence values,
 * temporary objects) and a fresh {@code random()} seed, which {@code DISCARD ALL} keeps. An
 * attacker's {@code setseed()} therefore never predicts a later caller's {@code random()}.
 *
 * <p>{@code DISCARD ALL} itself refuses to run inside a transaction block, and PostgreSQL treats
 * several statements sent before one Sync as such a block; each part is allowed there, so the
 * reset is one message and one round trip. It runs in autocommit mode because its effects must
 * persist; the connection is switched back to manual commit afterwards.
 */
final class SessionReset {

    private static final String RESET = "CLOSE ALL; SET SESSION AUTHORIZATION DEFAULT; RESET ALL; DEALLOCATE ALL; "
            + "UNLISTEN *; SELECT pg_catalog.pg_advisory_unlock_all(); DISCARD PLANS; DISCARD TEMP; "
            + "DISCARD SEQUENCES; SELECT pg_catalog.setseed(";

    private final SecureRandom random = new SecureRandom();

    /**
     * Resets the session. The connection must have no open transaction.
     *
     * @throws SQLException when a part fails; the caller must then discard the connection
     */
    void reset(Connection connection) throws SQLException {
        // setseed takes a value in [-1, 1]; a double from SecureRandom gives 53 random bits.
        String seed = Double.toString(random.nextDouble() * 2 - 1);
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute(RESET + seed + ")");
        } finally {
            connection.setAutoCommit(false);
        }
    }
}
