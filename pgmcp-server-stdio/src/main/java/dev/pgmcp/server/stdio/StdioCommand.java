package dev.pgmcp.server.stdio;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.mcp.PgmcpMcpServer;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.common.Logging;
import dev.pgmcp.server.common.Problems;
import dev.pgmcp.server.common.ServerHost;
import dev.pgmcp.server.common.ServerOptions;
import dev.pgmcp.server.common.ServerPlan;
import dev.pgmcp.server.common.Version;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Serves MCP over standard input and output until the client closes standard input. */
@Command(name = "pgmcp-stdio", mixinStandardHelpOptions = true, versionProvider = StdioCommand.VersionProvider.class,
        sortOptions = false, subcommands = {DemoCommand.class, dev.pgmcp.server.common.CheckCommand.class,
            dev.pgmcp.server.common.RolesCommand.class},
        description = {"Read-only PostgreSQL for AI agents, over the MCP stdio transport.",
            "Logs go to standard error; standard output carries the protocol."},
        footer = {"", "Examples:",
            "  PGPASSWORD=... java -jar pgmcp-stdio.jar --url postgresql://reader@localhost:5432/app",
            "  java -jar pgmcp-stdio.jar --url 'host=db.internal dbname=app user=reader sslmode=verify-full'",
            "  java -jar pgmcp-stdio.jar demo      # a throwaway database with sample data",
            "  java -jar pgmcp-stdio.jar check --auth rds-iam --url postgresql://reader@app.abc123.eu-west-1.rds.amazonaws.com/app"})
public final class StdioCommand implements Callable<Integer>, ServerHost {

    private static final Logger LOG = LoggerFactory.getLogger(StdioCommand.class);

    @Mixin
    ServerOptions options;

    @Override
    public Integer call() throws Exception {
        Logging.configure(options.logLevel());
        Problems problems = new Problems();
        ServerPlan plan = plan(problems);
        problems.throwIfAny();
        try (PgmcpRuntime runtime = plan.start()) {
            serve(runtime, options);
        }
        return 0;
    }

    /** The same start-up as {@code check}'s: the common options and sections, nothing of its own. */
    @Override
    public ServerPlan plan(Problems problems) {
        return options.plan(ConnectionResolver.fromSystem(), problems);
    }

    /** Serves until standard input ends; the stdout stream is reserved for the protocol meanwhile. */
    static void serve(PgmcpRuntime runtime, ServerOptions options) throws InterruptedException {
        PrintStream protocolOut = System.out;
        InputStream protocolIn = System.in;
        System.setOut(System.err);
        LineAtomicOutput output = new LineAtomicOutput(protocolOut);
        ValidatedInput input = new ValidatedInput(protocolIn, output);
        StdioServerTransportProvider transport =
                new StdioServerTransportProvider(McpJsonDefaults.getMapper(), input, output);
        McpSyncServer server = PgmcpMcpServer.build(McpServer.sync(transport), runtime.tools(options.profile()),
                Version.current());
        LOG.info("pgmcp {} serving MCP on stdio with policy profile '{}'", Version.current(), options.profile());
        input.awaitEnd();
        LOG.info("standard input closed; shutting down");
        server.closeGracefully();
    }

    /** Prints pgmcp's version. */
    public static final class VersionProvider implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pgmcp " + Version.current()};
        }
    }
}
