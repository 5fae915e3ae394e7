package dev.pgmcp.core.credentials;

/**
 * Supplies database credentials. The pool calls {@link #credentials()} for every new physical
 * connection, so an implementation can hand out short-lived tokens (RDS IAM) or rotated secrets.
 * Implementations must be thread-safe and must never log the password.
 */
public interface CredentialProvider {

    /**
     * Credentials for the next new connection.
     *
     * @throws CredentialException when none can be obtained; its message is shown to the operator
     */
    DatabaseCredentials credentials() throws CredentialException;

    /** Forgets any cached credentials, for example after the server rejected them. */
    default void invalidate() {
    }

    /** A short description for logs and the {@code check} command, for example "static password". */
    String description();
}
