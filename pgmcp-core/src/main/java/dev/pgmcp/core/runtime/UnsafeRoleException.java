package dev.pgmcp.core.runtime;

/** The database role can do more than read, and the operator did not allow that. */
public final class UnsafeRoleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsafeRoleException(String message) {
        super(message, null, false, false);
    }
}
