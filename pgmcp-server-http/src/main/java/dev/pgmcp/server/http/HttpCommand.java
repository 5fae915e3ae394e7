package dev.pgmcp.server.http;

import dev.pgmcp.core.runtime.DurationText;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.common.CommandLines;
import dev.pgmcp.server.common.Logging;
import dev.pgmcp.server.common.Problems;
import dev.pgmcp.server.common.RolesCommand;
import dev.pgmcp.server.common.ServerHost;
import dev.pgmcp.server.common.ServerOptions;
import dev.pgmcp.server.common.ServerPlan;
import dev.pgmcp.server.common.Version;
import dev.pgmcp.server.http.auth.AccessConfig;
import dev.pgmcp.server.http.auth.AccessFilter;
import dev.pgmcp.server.http.auth.HashKeyCommand;
import dev.pgmcp.server.http.auth.ProtectedResourceMetadataServlet;
import dev.pgmcp.server.http.jetty.HttpStartException;
import dev.pgmcp.server.http.jetty.PgmcpHttpServer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Serves MCP over Streamable HTTP until SIGTERM or SIGINT, then shuts down gracefully. */
@Command(name = "pgmcp-http", mixinStandardHelpOptions = true, versionProvider = HttpCommand.VersionProvider.class,
        sortOptions = false, subcommands = {HttpCheckCommand.class, RolesCommand.class, HashKeyCommand.class},
        description = {"Read-only PostgreSQL for AI agents, over MCP Streamable HTTP at /mcp.",
            "Health: GET /healthz (process up), GET /readyz (database reachable). Logs go to standard error."},
        footer = {"", "Examples:",
            "  PGPASSWORD=... java -jar pgmcp-http.jar --url postgresql://reader@localhost:5432/app",
            "  java -jar pgmcp-http.jar hash-key --generate      # an API key and its sha256",
            "  java -jar pgmcp-http.jar --config pgmcp.yaml --listen 0.0.0.0:8080 --stateless",
            "      (beyond loopback pgmcp.yaml needs an 'access' section with the key's sha256: docs/deployment.md)",
            "  java -jar pgmcp-http.jar check --url postgresql://reader@db.example.com/app"})
public final class HttpCommand implements Callable<Integer>, ServerHost {

    private static final Logger LOG = LoggerFactory.getLogger(HttpCommand.class);

    @Mixin
    ServerOptions options;

    @Mixin
    HttpOptions http;

    @Override
    public Integer call() throws Exception {
        Logging.configure(options.logLevel());
        Problems problems = new Problems();
        HttpPlan plan = HttpPlan.of(options, http, problems);
        problems.throwIfAny();
        HttpSettings settings = plan.settings();
        AccessConfig access = plan.access();
        // Tool handlers run on Reactor's bounded elastic scheduler; size it before Reactor starts.
        System.setProperty("reactor.schedulers.defaultBoundedElasticSize", Integer.toString(settings.handlerThreads()));
        System.setProperty("reactor.schedulers.defaultBoundedElasticQueueSize",
                Integer.toString(settings.maxConcurrentCalls() * 4));
        PgmcpRuntime runtime = plan.server().start();
        PgmcpHttpServer server;
        try {
            ProtectedResourceMetadataServlet metadata = new ProtectedResourceMetadataServlet(access);
            server = PgmcpHttpServer.builder(settings, runtime, Version.current())
                    .filter(new AccessFilter(access, options.profile()))
                    .servlet(ProtectedResourceMetadataServlet.PATH, metadata)
                    .servlet(ProtectedResourceMetadataServlet.PATH + "/*", metadata)
                    .start();
        } catch (HttpStartException e) {
            runtime.close();
            System.err.println("pgmcp: " + e.getMessage());
            LOG.debug("start failed", e);
            return CommandLines.EXIT_RUNTIME_FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping: finishing calls in flight (up to {})", DurationText.format(settings.shutdownTimeout()));
            boolean drained = server.stop(settings.shutdownTimeout());
            runtime.close();
            if (drained) {
                LOG.info("stopped: every call in flight finished");
            } else {
                LOG.warn("stopped: calls still running after --shutdown-timeout {} were cut off",
                        DurationText.format(settings.shutdownTimeout()));
            }
            stopped.countDown();
        }, "pgmcp-shutdown"));
        server.join();
        stopped.await();
        return 0;
    }

    /** The same start-up as {@code pgmcp-http check}'s, up to the point where it connects. */
    @Override
    public ServerPlan plan(Problems problems) {
        return HttpPlan.of(options, http, problems).server();
    }

    /** Prints pgmcp's version. */
    public static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pgmcp " + Version.current()};
        }
    }
}
