package dev.pgmcp.server.http;

import dev.pgmcp.server.common.CheckCommand;
import dev.pgmcp.server.common.Problems;
import dev.pgmcp.server.common.ServerPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code pgmcp-http check}: the common check with the HTTP host's own start-up validations (its
 * options, TLS key material, the access section, the listen rule), run by the code serving runs.
 */
@Command(name = "check")
public final class HttpCheckCommand extends CheckCommand {

    @Mixin
    HttpOptions http;

    @Override
    public ServerPlan plan(Problems problems) {
        return HttpPlan.of(options, http, problems).server();
    }
}
