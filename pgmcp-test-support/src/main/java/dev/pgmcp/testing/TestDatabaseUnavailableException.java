package dev.pgmcp.testing;

/** No PostgreSQL could be found or started for the tests; the message says how to provide one. */
public class TestDatabaseUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TestDatabaseUnavailableException(String message) {
        super(message);
    }

    public TestDatabaseUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
