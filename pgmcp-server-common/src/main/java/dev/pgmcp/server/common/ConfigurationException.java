package dev.pgmcp.server.common;

/** The configuration is wrong. The message says what and how to fix it. */
public final class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message, null, false, false);
    }
}
