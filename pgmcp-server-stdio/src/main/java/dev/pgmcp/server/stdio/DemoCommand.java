package dev.pgmcp.server.stdio;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.localpg.DockerPostgres;
import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.localpg.SampleDataset;
import dev.pgmcp.localpg.ThrowawayPostgres;
import dev.pgmcp.server.common.ConfigurationException;
import dev.pgmcp.server.common.Logging;
import dev.pgmcp.server.common.ServerOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts a throwaway PostgreSQL with a small sample shop database and serves it, or tours it. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve a throwaway PostgreSQL with a sample shop database.",
            "Starts it from the local PostgreSQL binaries (or Docker), loads schema shop, and serves it over stdio",
            "as the read-only role pgmcp_demo. The database is deleted on exit."})
public final class DemoCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Mixin
    ServerOptions options;

    @Option(names = "--tour", description = "Call each tool once, print what an agent sees, and exit.")
    boolean tour;

    @Override
    public Integer call() throws Exception {
        Logging.configure(options.logLevel());
        try (ThrowawayPostgres database = startDatabase()) {
            SampleDataset.load(database.jdbcUrl(), database.superuser());
            ConnectionSettings settings = new ConnectionResolver(Map.of(), Path.of("/nonexistent"),
                    SampleDataset.DEMO_ROLE).resolve("postgresql://" + SampleDataset.DEMO_ROLE + "@" + database.host()
                    + ":" + database.port() + "/" + databaseName(database.jdbcUrl()) + "?application_name=pgmcp-demo");
            try (PgmcpRuntime runtime = options.runtime(settings).start()) {
                if (tour) {
                    new DemoTour(runtime.tools(), System.out).run();
                } else {
                    LOG.info("demo database ready on {}:{}; connect an MCP client to this process", database.host(),
                            database.port());
                    StdioCommand.serve(runtime, options);
                }
            }
        }
        return 0;
    }

    private static ThrowawayPostgres startDatabase() {
        if (LocalPostgresCluster.findBinaries().isPresent()) {
            LOG.info("starting a throwaway PostgreSQL from the local binaries");
            return LocalPostgresCluster.start();
        }
        if (DockerPostgres.isDockerAvailable()) {
            LOG.info("starting a throwaway PostgreSQL in Docker ({})", DockerPostgres.DEFAULT_IMAGE);
            return DockerPostgres.start();
        }
        throw new ConfigurationException("the demo needs PostgreSQL server binaries (for example "
                + "'apt-get install postgresql' or 'brew install postgresql@15') or a running Docker engine, and "
                + "found neither. If the binaries are installed elsewhere, set " + LocalPostgresCluster.BIN_DIRECTORY_ENV
                + " to the directory holding initdb and pg_ctl.");
    }

    private static String databaseName(String jdbcUrl) {
        String path = jdbcUrl.substring(jdbcUrl.indexOf("//") + 2);
        String name = path.substring(path.indexOf('/') + 1);
        int query = name.indexOf('?');
        return query >= 0 ? name.substring(0, query) : name;
    }
}
