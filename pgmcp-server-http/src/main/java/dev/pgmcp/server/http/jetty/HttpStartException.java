package dev.pgmcp.server.http.jetty;

/** The HTTP server could not start (port in use, TLS setup); the message is one line for the operator. */
public final class HttpStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public HttpStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
