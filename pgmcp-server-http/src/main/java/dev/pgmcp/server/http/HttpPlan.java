package dev.pgmcp.server.http;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.common.ConfigurationException;
import dev.pgmcp.server.common.Problems;
import dev.pgmcp.server.common.ServerOptions;
import dev.pgmcp.server.common.ServerPlan;
import dev.pgmcp.server.http.auth.AccessConfig;
import dev.pgmcp.server.http.auth.ListenRule;
import dev.pgmcp.server.http.jetty.PgmcpHttpServer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The HTTP host's start-up up to the point where it connects, the same for serving and for
 * {@code pgmcp-http check}: the common plan, then the HTTP options, the TLS key material, the
 * {@code access} section and the listen rule. Each problem is added to the {@link Problems}.
 *
 * @param server   the common plan, or null when a problem leaves nothing to connect with
 * @param settings the HTTP settings, or null when they are invalid
 * @param access   the access section, or null when it is invalid
 */
record HttpPlan(ServerPlan server, HttpSettings settings, AccessConfig access) {

    static HttpPlan of(ServerOptions options, HttpOptions http, Problems problems) {
        ServerPlan server = options.plan(ConnectionResolver.fromSystem(), problems);
        HttpSettings settings = problems.check(() -> http.settings(options.poolOptions().maximumSize(),
                options::setting));
        if (settings != null) {
            problems.check(() -> PgmcpHttpServer.checkTls(settings));
        }
        AccessConfig access = problems.check(() -> accessConfig(options));
        if (settings != null && access != null) {
            problems.check(() -> ListenRule.check(settings.host(), access));
        }
        return new HttpPlan(server, settings, access);
    }

    /** The access section, checked against the configured policy profiles. */
    private static AccessConfig accessConfig(ServerOptions options) {
        Set<String> profiles = new LinkedHashSet<>();
        profiles.add(PgmcpRuntime.DEFAULT_PROFILE);
        profiles.addAll(options.policyProfiles().keySet());
        try {
            return AccessConfig.from(options.configFile().section("access"), profiles);
        } catch (ConfigurationException e) {
            throw ConfigurationException.inFile(options.configFile().path(), e);
        }
    }
}
