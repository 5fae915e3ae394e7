package dev.pgmcp.policy.profile;

/** A policy profile is misconfigured. The message names the profile and the key, and says how to fix it. */
public final class ProfileConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ProfileConfigException(String message) {
        super(message);
    }
}
