package dev.pgmcp.core.templates;

import dev.pgmcp.core.runtime.InvalidConfigurationException;
import java.util.List;

/** A query template in the configuration is invalid; the message says which one, where, and what to change. */
public final class TemplateConfigException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public TemplateConfigException(String message) {
        super(message);
    }

    public TemplateConfigException(List<String> problems) {
        super(problems);
    }
}
