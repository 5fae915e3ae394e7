package dev.pgmcp.core.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import javax.net.SocketFactory;

/**
 * pgjdbc's socket factory (pinned as its {@code socketFactory}): plain TCP sockets whose input is
 * read through a {@link BackendMessageFilter}, so that an error or notice message of any size
 * reaches the driver cut to a few kilobytes. pgjdbc reads an ErrorResponse whole and copies it
 * several times while building the exception; a 120 MB error (an error message is as long as the
 * value that caused it) would exhaust a small heap before pgmcp could cut it.
 *
 * <p>On a connection that negotiates TLS or GSS encryption this filter sees only ciphertext and
 * passes it through unchanged. Over TLS a second filter reads the decrypted stream: pgmcp sets
 * pgjdbc's {@code sslfactory} to {@link BoundedLibPQFactory}, or to {@link BoundedSslSocketFactory}
 * around a factory the connection names ({@link MessageFilterProperties}). GSS encryption happens
 * inside pgjdbc's own stream, where no filter can reach; pgmcp turns it off unless the connection
 * asks for it, and warns when it does.
 */
public final class BoundedErrorSocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() {
        return new FilteredSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException, UnknownHostException {
        Socket socket = new FilteredSocket();
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = new FilteredSocket();
        socket.bind(new java.net.InetSocketAddress(localHost, localPort));
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = new FilteredSocket();
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = new FilteredSocket();
        socket.bind(new java.net.InetSocketAddress(localAddress, localPort));
        socket.connect(new java.net.InetSocketAddress(address, port));
        return socket;
    }

    /** A plain socket whose streams go through one filter. */
    private static final class FilteredSocket extends Socket {
        private BackendMessageFilter filter;
        private OutputStream output;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (filter == null) {
                filter = new BackendMessageFilter(super.getInputStream());
            }
            return filter;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (output == null) {
                getInputStream();
                output = filter.watch(super.getOutputStream());
            }
            return output;
        }
    }
}
