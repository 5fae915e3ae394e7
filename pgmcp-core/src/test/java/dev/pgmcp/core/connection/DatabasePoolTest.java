package dev.pgmcp.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.credentials.CredentialProvider;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import dev.pgmcp.core.support.TestRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabasePoolTest {

    /** Counts how often the pool asks for credentials. */
    private static final class CountingProvider implements CredentialProvider {
        final AtomicInteger calls = new AtomicInteger();
        volatile String password;

        CountingProvider(String password) {
            this.password = password;
        }

        @Override
        public DatabaseCredentials credentials() {
            calls.incrementAndGet();
            return new DatabaseCredentials(TestDatabase.get().readerUser(), password, null);
        }

        @Override
        public String description() {
            return "counting";
        }
    }

    @Test
    void asksTheProviderForEveryNewPhysicalConnection() throws Exception {
        CountingProvider provider = new CountingProvider(TestDatabase.get().readerPassword());
        try (DatabasePool pool = DatabasePool.open(TestRuntimes.settings(TestDatabase.get().readerUser()), provider,
                PoolOptions.DEFAULTS)) {
            int afterOpen = provider.calls.get();
            assertThat(afterOpen).isGreaterThanOrEqualTo(1);
            Connection first = pool.borrow();
            pool.evict(first);
            first.close();
            try (Connection second = pool.borrow()) {
                assertThat(second.isValid(2)).isTrue();
            }
            assertThat(provider.calls.get()).isGreaterThan(afterOpen);
        }
    }

    @Test
    void handsOutReadOnlyConnectionsWithoutAutocommit() throws Exception {
        CountingProvider provider = new CountingProvider(TestDatabase.get().readerPassword());
        try (DatabasePool pool = DatabasePool.open(TestRuntimes.settings(TestDatabase.get().readerUser()), provider,
                PoolOptions.DEFAULTS); Connection c = pool.borrow(); Statement st = c.createStatement()) {
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(c.isReadOnly()).isTrue();
            try (ResultSet rs = st.executeQuery("SELECT current_setting('transaction_read_only'), "
                    + "current_setting('application_name')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
                assertThat(rs.getString(2)).isEqualTo("pgmcp");
            }
            c.rollback();
        }
    }

    @Test
    void failsAtOpenWithPostgreSqlsReasonAndNoPassword() {
        CountingProvider provider = new CountingProvider("wrong-password-xyz");
        assertThatThrownBy(() -> DatabasePool.open(TestRuntimes.settings(TestDatabase.get().readerUser()), provider,
                PoolOptions.DEFAULTS)).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("cannot connect to PostgreSQL as pgmcp_reader@")
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("wrong-password-xyz");
    }

    /** Hands out a stale password until invalidated, like a rotated secret or an expired token. */
    private static final class RotatingProvider implements CredentialProvider {
        final AtomicInteger invalidations = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        final String afterInvalidate;

        RotatingProvider(String afterInvalidate) {
            this.afterInvalidate = afterInvalidate;
        }

        @Override
        public DatabaseCredentials credentials() {
            calls.incrementAndGet();
            return new DatabaseCredentials(TestDatabase.get().readerUser(),
                    invalidations.get() == 0 ? "stale-password" : afterInvalidate, null);
        }

        @Override
        public void invalidate() {
            invalidations.incrementAndGet();
        }

        @Override
        public String description() {
            return "rotating";
        }
    }

    @Test
    void rejectedLoginInvalidatesTheProviderAndRetriesOnce() throws Exception {
        RotatingProvider provider = new RotatingProvider(TestDatabase.get().readerPassword());
        try (DatabasePool pool = DatabasePool.open(TestRuntimes.settings(TestDatabase.get().readerUser()), provider,
                PoolOptions.DEFAULTS); Connection c = pool.borrow()) {
            assertThat(c.isValid(2)).isTrue();
            assertThat(provider.invalidations.get()).isEqualTo(1);
            assertThat(pool.physicalConnections().authenticationRetries()).isEqualTo(1);
            assertThat(pool.physicalConnections().authenticationFailures()).isZero();
        }
    }

    @Test
    void aSecondRejectionFailsWithoutAThirdAttempt() {
        RotatingProvider provider = new RotatingProvider("still-wrong");
        assertThatThrownBy(() -> DatabasePool.open(TestRuntimes.settings(TestDatabase.get().readerUser()), provider,
                PoolOptions.DEFAULTS)).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("still-wrong");
        assertThat(provider.calls.get()).isEqualTo(2);
        assertThat(provider.invalidations.get()).isEqualTo(1);
    }
}
