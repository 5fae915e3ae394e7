package dev.pgmcp.server.common;

import dev.pgmcp.auth.AuthConfig;
import dev.pgmcp.core.runtime.InvalidConfigurationException;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import java.nio.file.Path;

/**
 * What start-up has validated before it connects: the connection with its credentials, and the
 * runtime ready to start. Serving and {@code check} both start exactly this.
 *
 * @param applied    the connection settings and the credential provider
 * @param runtime    the runtime builder with every option applied
 * @param configFile the configuration file the profiles and templates came from, or null
 */
public record ServerPlan(AuthConfig.Applied applied, PgmcpRuntime.Builder runtime, Path configFile) {

    /**
     * Connects, audits the role and checks the profiles and templates against the database.
     *
     * @throws ConfigurationException with every problem of the configuration against the database,
     *                                each prefixed with the configuration file
     */
    public PgmcpRuntime start() {
        try {
            return runtime.start();
        } catch (InvalidConfigurationException e) {
            throw ConfigurationException.inFile(configFile, e);
        }
    }
}
