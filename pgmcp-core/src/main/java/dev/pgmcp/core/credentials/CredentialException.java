package dev.pgmcp.core.credentials;

/** Credentials could not be obtained. The message says why and must contain no secret. */
public class CredentialException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CredentialException(String message) {
        super(message);
    }

    public CredentialException(String message, Throwable cause) {
        super(message, cause);
    }
}
