package dev.pgmcp.core.templates;

/** A query template in the configuration is invalid; the message says which one, where, and what to change. */
public final class TemplateConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TemplateConfigException(String message) {
        super(message);
    }
}
