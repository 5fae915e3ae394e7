package dev.pgmcp.auth.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.auth.TlsCluster;
import dev.pgmcp.core.connection.ConnectionConfigException;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.DatabaseUnavailableException;
import dev.pgmcp.core.connection.PoolOptions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * IAM authentication against a local stand-in for RDS: a TLS-only {@code password} login whose
 * password is the token that a fixed clock produces.
 */
class RdsIamConnectionTest {

    static final Instant T0 = Instant.parse("2026-11-23T10:20:30Z");
    static final AwsBasicCredentials AWS = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    static TlsCluster cluster;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = TlsCluster.start();
        cluster.sql("CREATE ROLE iam_user LOGIN");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void serverAcceptsTheTokenOfT0() throws Exception {
        setPasswordToTokenAt(T0);
    }

    static String tokenAt(Instant instant) {
        return new RdsIamTokenGenerator("localhost", cluster.port(), "eu-west-1", Clock.fixed(instant, ZoneOffset.UTC))
                .generate("iam_user", AWS).value();
    }

    static void setPasswordToTokenAt(Instant instant) throws Exception {
        cluster.sql("ALTER ROLE iam_user PASSWORD '" + tokenAt(instant) + "'");
    }

    static RdsIamCredentialProvider provider(Clock clock) {
        return new RdsIamCredentialProvider("iam_user",
                new RdsIamTokenGenerator("localhost", cluster.port(), "eu-west-1", clock),
                StaticCredentialsProvider.create(AWS), "test credentials", clock);
    }

    static ConnectionSettings iamSettings(String host, String query) {
        return IamTls.enforce(cluster.settings("iam_user", host, query));
    }

    @Test
    void connectsWithTheTokenOverVerifiedTls() throws Exception {
        RdsIamCredentialProvider provider = provider(new MovableClock(T0));
        ConnectionSettings settings = iamSettings("localhost", "sslrootcert=" + TlsCluster.resource("ca.crt"));
        assertThat(settings.sslMode()).isEqualTo("verify-full");
        try (DatabasePool pool = DatabasePool.open(settings, provider, PoolOptions.DEFAULTS);
             Connection c = pool.borrow(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_user, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("iam_user");
            assertThat(rs.getBoolean(2)).isTrue();
            c.rollback();
        }
        assertThat(provider.refreshCount()).isEqualTo(1);
    }

    @Test
    void theTokenIsCachedUntilShortlyBeforeExpiry() {
        MovableClock clock = new MovableClock(T0);
        RdsIamCredentialProvider provider = provider(clock);
        String first = provider.credentials().password();
        clock.now = T0.plus(Duration.ofMinutes(11));
        assertThat(provider.credentials().password()).isEqualTo(first);
        clock.now = T0.plus(Duration.ofMinutes(12));
        assertThat(provider.credentials().password()).isNotEqualTo(first);
        assertThat(provider.credentials().expiresAt()).isEqualTo(clock.now.plus(Duration.ofMinutes(15)));
        assertThat(provider.refreshCount()).isEqualTo(2);
    }

    @Test
    void aTokenFromAMovedClockIsRejectedAfterOneRetry() {
        RdsIamCredentialProvider provider = provider(new MovableClock(T0.plus(Duration.ofHours(1))));
        ConnectionSettings settings = iamSettings("localhost", "sslrootcert=" + TlsCluster.resource("ca.crt"));
        assertThatThrownBy(() -> DatabasePool.open(settings, provider, PoolOptions.DEFAULTS))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("password authentication failed for user \"iam_user\"")
                .hasMessageNotContaining("X-Amz");
        assertThat(provider.invalidationCount()).isEqualTo(1);
        assertThat(provider.refreshCount()).isEqualTo(2);
    }

    @Test
    void aRejectedCachedTokenIsReSignedAndTheRetrySucceeds() throws Exception {
        MovableClock clock = new MovableClock(T0);
        RdsIamCredentialProvider provider = provider(clock);
        ConnectionSettings settings = iamSettings("localhost", "sslrootcert=" + TlsCluster.resource("ca.crt"));
        try (DatabasePool pool = DatabasePool.open(settings, provider, PoolOptions.DEFAULTS)) {
            Connection established = pool.borrow();
            // The server stops accepting the cached token (as RDS does at expiry); the clock moves on.
            clock.now = T0.plus(Duration.ofMinutes(5));
            setPasswordToTokenAt(clock.now);
            // The established session is unaffected.
            try (Statement st = established.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            established.rollback();
            pool.evict(established);
            established.close();
            try (Connection fresh = pool.borrow()) {
                assertThat(fresh.isValid(2)).isTrue();
            }
            assertThat(pool.physicalConnections().authenticationRetries()).isEqualTo(1);
            assertThat(pool.physicalConnections().authenticationFailures()).isZero();
            assertThat(provider.invalidationCount()).isEqualTo(1);
        }
    }

    @Test
    void insecureSslModesAreRefusedInIamMode() {
        for (String mode : new String[] {"disable", "allow", "prefer"}) {
            assertThatThrownBy(() -> iamSettings("localhost", "sslmode=" + mode))
                    .isInstanceOf(ConnectionConfigException.class)
                    .hasMessageContaining("sslmode=" + mode + " is not allowed with IAM authentication");
        }
        assertThat(iamSettings("localhost", "sslmode=require").driverProperties()).doesNotContainKey("sslrootcert");
    }

    @Test
    void theDefaultIsVerifyFullWithTheBundledRdsCaWhichDoesNotTrustOtherServers() {
        ConnectionSettings settings = iamSettings("localhost", "");
        assertThat(settings.sslMode()).isEqualTo("verify-full");
        assertThat(settings.driverProperties().get("sslrootcert")).isEqualTo(IamTls.bundledRdsCa().toString());
        assertThatThrownBy(() -> DatabasePool.open(settings, provider(new MovableClock(T0)), PoolOptions.DEFAULTS))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("SSL error");
    }

    @Test
    void verifyFullFailsAgainstAWrongCa() {
        ConnectionSettings settings = iamSettings("localhost", "sslrootcert=" + TlsCluster.resource("other-ca.crt"));
        assertThatThrownBy(() -> DatabasePool.open(settings, provider(new MovableClock(T0)), PoolOptions.DEFAULTS))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("SSL error")
                .hasMessageNotContaining("X-Amz");
    }

    @Test
    void verifyFullFailsAgainstAWrongHostName() {
        ConnectionSettings settings = iamSettings("127.0.0.1", "sslrootcert=" + TlsCluster.resource("ca.crt"));
        assertThatThrownBy(() -> DatabasePool.open(settings, provider(new MovableClock(T0)), PoolOptions.DEFAULTS))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("127.0.0.1");
    }
}
