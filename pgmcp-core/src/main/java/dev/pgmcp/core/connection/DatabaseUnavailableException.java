package dev.pgmcp.core.connection;

/** The database could not be reached or refused the login. The message is PostgreSQL's, with no secret. */
public final class DatabaseUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
