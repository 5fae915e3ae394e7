package dev.pgmcp.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The start-up of a physical connection: connect_timeout bounds all of it, not only the TCP
 * connect, and the failures that pgjdbc reports as "The connection attempt failed." say what
 * happened. The silent peer is a real TCP server that accepts and never answers.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConnectionStartupTest {

    private static final StaticCredentialProvider CREDENTIALS =
            new StaticCredentialProvider("someone", "hunter2-secret", "test");

    /** Accepts connections and never writes a byte, like a half-dead proxy or a wrong service. */
    private static final class SilentServer implements AutoCloseable {
        final ServerSocket socket;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        SilentServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(socket.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static ConnectionSettings resolve(String url, Map<String, String> env) {
        return new ConnectionResolver(env, Path.of("/nonexistent"), "someone").resolve(url);
    }

    @Test
    void connectTimeoutInTheUriBoundsAPeerThatNeverAnswers() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ConnectionSettings settings = resolve("postgresql://someone@127.0.0.1:" + silent.port()
                    + "/db?connect_timeout=1", Map.of());
            assertThatThrownBy(() -> DatabasePool.open(settings, CREDENTIALS, PoolOptions.DEFAULTS))
                    .isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("no answer from 127.0.0.1:" + silent.port() + " within 1 s (connect_timeout)")
                    .hasMessageContaining("firewall")
                    .hasMessageNotContaining("The connection attempt failed")
                    .hasMessageNotContaining("hunter2-secret");
            assertThat(silent.accepted).isNotEmpty();
        }
    }

    @Test
    void connectTimeoutFromTheEnvironmentAndKeyValueFormBoundsItToo() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            ConnectionSettings fromEnv = resolve("postgresql://someone@127.0.0.1:" + silent.port() + "/db",
                    Map.of("PGCONNECT_TIMEOUT", "2"));
            assertThatThrownBy(() -> DatabasePool.open(fromEnv, CREDENTIALS, PoolOptions.DEFAULTS))
                    .hasMessageContaining("no answer from 127.0.0.1:" + silent.port() + " within 2 s (connect_timeout)");
            ConnectionSettings keyValue = resolve("host=127.0.0.1 port=" + silent.port()
                    + " dbname=db user=someone connect_timeout=1 sslmode=disable", Map.of());
            assertThatThrownBy(() -> DatabasePool.open(keyValue, CREDENTIALS, PoolOptions.DEFAULTS))
                    .hasMessageContaining("no answer from 127.0.0.1:" + silent.port() + " within 1 s (connect_timeout)");
        }
    }

    @Test
    void everyHostOfAListGetsItsOwnBound() throws Exception {
        try (SilentServer first = new SilentServer(); SilentServer second = new SilentServer()) {
            ConnectionSettings settings = resolve("postgresql://someone@127.0.0.1:" + first.port() + ",127.0.0.1:"
                    + second.port() + "/db?connect_timeout=1", Map.of());
            assertThatThrownBy(() -> DatabasePool.open(settings, CREDENTIALS, PoolOptions.DEFAULTS))
                    .hasMessageContaining("no answer from 127.0.0.1:" + first.port() + ", 127.0.0.1:" + second.port()
                            + " within 1 s each (connect_timeout)");
            assertThat(first.accepted).isNotEmpty();
            assertThat(second.accepted).isNotEmpty();
        }
    }

    @Test
    void aHostNameThatDoesNotResolveIsNamed() {
        ConnectionSettings settings = resolve("postgresql://someone@nonexistent.invalid:5432/db?connect_timeout=5",
                Map.of());
        assertThatThrownBy(() -> DatabasePool.open(settings, CREDENTIALS, PoolOptions.DEFAULTS))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("the host name 'nonexistent.invalid' does not resolve")
                .hasMessageContaining("DNS")
                .hasMessageNotContaining("The connection attempt failed");
    }

    @Test
    void anOpenConnectionKeepsNoStartUpReadTimeout() throws Exception {
        TestDatabase db = TestDatabase.get();
        ConnectionSettings settings = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), db.readerUser())
                .resolve("postgresql://" + db.readerUser() + "@" + db.host() + ":" + db.port() + "/"
                        + db.databaseName() + "?connect_timeout=1");
        try (DatabasePool pool = DatabasePool.open(settings,
                new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"), PoolOptions.DEFAULTS);
             Connection c = pool.borrow()) {
            // A query may run longer than connect_timeout: only statement_timeout bounds it.
            assertThat(c.getNetworkTimeout()).isZero();
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_sleep(1.5), 1")) {
                assertThat(rs.next()).isTrue();
            }
            c.rollback();
        }
    }
}
