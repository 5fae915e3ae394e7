package dev.pgmcp.server.http.auth;

import dev.pgmcp.server.common.ConfigurationException;
import dev.pgmcp.server.http.HttpSettings;

/**
 * The start-up rule for the HTTP host: a server reachable beyond this machine must authenticate
 * its callers.
 */
public final class ListenRule {

    private ListenRule() {
    }

    /**
     * Fails unless {@code listenHost} names the loopback interface (127.x.x.x, ::1 or localhost, by
     * name, the same rule as the Host check) or {@code access} configures API keys or OAuth.
     *
     * @param listenHost the host part of {@code --listen}, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @throws ConfigurationException with what to add to the configuration file
     */
    public static void check(String listenHost, AccessConfig access) {
        if (access.authenticates() || HttpSettings.isLoopbackName(listenHost)) {
            return;
        }
        throw new ConfigurationException("listening on " + listenHost + " (not a loopback address) requires "
                + "authentication: add an 'access' section with 'api-keys' or 'oauth' to the configuration file "
                + "(see docs/http-auth.md), or listen on 127.0.0.1");
    }
}
