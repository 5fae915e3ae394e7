package dev.pgmcp.localpg;

/** A throwaway PostgreSQL server could not be started or used. */
public class ThrowawayPostgresException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ThrowawayPostgresException(String message) {
        super(message);
    }

    public ThrowawayPostgresException(String message, Throwable cause) {
        super(message, cause);
    }
}
