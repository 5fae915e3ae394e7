package dev.pgmcp.core.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Properties;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.postgresql.ssl.LibPQFactory;
import org.postgresql.util.ObjectFactory;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

/**
 * The TLS factory pgmcp sets when the connection names its own {@code sslfactory}: it creates that
 * factory as pgjdbc would (constructor with the properties, else with {@code sslfactoryarg}, else
 * none) and returns its sockets with a {@link BackendMessageFilter} above TLS. The user's factory
 * decides everything about TLS; pgmcp only reads the decrypted protocol.
 */
public final class BoundedSslSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;

    /** Called by pgjdbc with the connection's properties. */
    public BoundedSslSocketFactory(Properties info) throws PSQLException {
        String name = info.getProperty(MessageFilterProperties.DELEGATE_FACTORY);
        if (name == null) {
            throw new PSQLException("pgmcp's TLS factory was set without the factory it delegates to ("
                    + MessageFilterProperties.DELEGATE_FACTORY + ")", PSQLState.CONNECTION_FAILURE);
        }
        try {
            delegate = ObjectFactory.instantiate(SSLSocketFactory.class, name, info, true,
                    info.getProperty(MessageFilterProperties.DELEGATE_FACTORY_ARG));
        } catch (Exception e) {
            throw new PSQLException("The SSLSocketFactory class provided " + name + " could not be instantiated.",
                    PSQLState.CONNECTION_FAILURE, e);
        }
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return filtered(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return filtered(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return filtered(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return filtered(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return filtered(delegate.createSocket(address, port, localAddress, localPort));
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    private Socket filtered(Socket socket) {
        return new FilteredSslSocket((SSLSocket) socket, this::throwKeyManagerException);
    }

    /**
     * pgjdbc asks a {@code LibPQFactory} after the handshake whether the client key failed to load; it
     * cannot ask through this wrapper, so the wrapper asks for it.
     */
    private void throwKeyManagerException() throws IOException {
        if (delegate instanceof LibPQFactory) {
            try {
                ((LibPQFactory) delegate).throwKeyManagerException();
            } catch (PSQLException e) {
                throw new SSLException(e.getMessage(), e);
            }
        }
    }
}
