package dev.pgmcp.server.http;

import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Holds an ACCESS EXCLUSIVE lock on a fixture table, so that a call reading it waits inside the
 * server for as long as the test wants: a deterministic "call in flight".
 */
final class TableLock implements AutoCloseable {

    private final Connection admin;

    private TableLock(Connection admin) {
        this.admin = admin;
    }

    static TableLock on(String table) throws SQLException {
        Connection admin = TestDatabase.get().superuserConnection();
        admin.setAutoCommit(false);
        try (Statement st = admin.createStatement()) {
            st.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        }
        return new TableLock(admin);
    }

    /** Waits until {@code count} sessions of the reader role wait for a lock. */
    void awaitWaiters(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Connection observer = TestDatabase.get().superuserConnection();
             PreparedStatement st = observer.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                     + "WHERE usename = ? AND wait_event_type = 'Lock'")) {
            st.setString(1, TestDatabase.get().readerUser());
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no call of the reader role waited for the lock");
    }

    @Override
    public void close() throws SQLException {
        admin.rollback();
        admin.close();
    }
}
