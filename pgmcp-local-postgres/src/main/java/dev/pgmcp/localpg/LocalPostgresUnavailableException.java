package dev.pgmcp.localpg;

/**
 * Nothing on this machine can run a throwaway PostgreSQL: no server binaries were found, they
 * cannot be run by the current OS user, or no Docker engine runs.
 *
 * <p>Callers that have another way to get a database (for example Testcontainers) catch this one
 * and try it; any other {@link ThrowawayPostgresException} means a server was found but failed.
 */
public class LocalPostgresUnavailableException extends ThrowawayPostgresException {

    private static final long serialVersionUID = 1L;

    public LocalPostgresUnavailableException(String message) {
        super(message);
    }

    public LocalPostgresUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
