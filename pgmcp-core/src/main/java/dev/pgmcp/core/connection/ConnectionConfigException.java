package dev.pgmcp.core.connection;

/** A connection setting is missing or wrong. The message says which and what to do; it holds no secret. */
public final class ConnectionConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ConnectionConfigException(String message) {
        super(message);
    }
}
