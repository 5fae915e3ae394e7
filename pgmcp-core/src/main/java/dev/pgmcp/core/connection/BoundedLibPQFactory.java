package dev.pgmcp.core.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import javax.net.ssl.SSLSocket;
import org.postgresql.ssl.LibPQFactory;
import org.postgresql.util.PSQLException;

/**
 * pgjdbc's default TLS factory ({@link LibPQFactory}: sslmode, sslrootcert, sslcert, sslkey,
 * sslpassword, sslhostnameverifier, all as before) whose sockets read through a
 * {@link BackendMessageFilter}, so that error and notice messages are cut above TLS as they are on
 * plain TCP. It stays a {@code LibPQFactory}, so pgjdbc still reports a client key that failed to
 * load after the handshake, exactly as without pgmcp. pgmcp sets it as pgjdbc's {@code sslfactory}
 * when the connection names none (see {@link MessageFilterProperties}).
 */
public final class BoundedLibPQFactory extends LibPQFactory {

    /** Called by pgjdbc with the connection's properties. */
    public BoundedLibPQFactory(Properties info) throws PSQLException {
        super(info);
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return filtered(super.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return filtered(super.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return filtered(super.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return filtered(super.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return filtered(super.createSocket(address, port, localAddress, localPort));
    }

    private static Socket filtered(Socket socket) {
        return new FilteredSslSocket((SSLSocket) socket, () -> { });
    }
}
