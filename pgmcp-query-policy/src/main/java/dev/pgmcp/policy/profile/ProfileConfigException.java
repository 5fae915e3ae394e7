package dev.pgmcp.policy.profile;

import dev.pgmcp.core.runtime.InvalidConfigurationException;
import java.util.List;

/** A policy profile is misconfigured. The message names the profile and the key, and says how to fix it. */
public final class ProfileConfigException extends InvalidConfigurationException {
    private static final long serialVersionUID = 1L;

    public ProfileConfigException(String message) {
        super(message);
    }

    public ProfileConfigException(List<String> problems) {
        super(problems);
    }
}
