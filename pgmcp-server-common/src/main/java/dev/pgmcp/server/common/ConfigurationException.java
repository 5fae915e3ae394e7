package dev.pgmcp.server.common;

import dev.pgmcp.core.runtime.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.List;

/** The configuration is wrong. Each problem says what and how to fix it. */
public final class ConfigurationException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(List<String> problems) {
        super(problems);
    }

    /**
     * The problems of a configuration file's section, each prefixed with the file, as in
     * {@code /etc/pgmcp.yaml: policy profile 'analyst': ...}; unchanged when there is no file.
     */
    public static ConfigurationException inFile(Path file, InvalidConfigurationException e) {
        return new ConfigurationException(file == null ? e.problems()
                : e.problems().stream().map(problem -> file + ": " + problem).toList());
    }
}
