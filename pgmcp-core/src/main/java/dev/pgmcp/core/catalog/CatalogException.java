package dev.pgmcp.core.catalog;

/** The catalog could not answer: a name was not found or is ambiguous, or reading failed. The message says what to do. */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message) {
        super(message, null, false, false);
    }
}
