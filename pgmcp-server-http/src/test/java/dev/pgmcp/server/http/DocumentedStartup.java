package dev.pgmcp.server.http;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.server.common.CommandLines;
import dev.pgmcp.server.common.ServerOptions;
import dev.pgmcp.server.http.auth.AccessConfig;
import dev.pgmcp.server.http.auth.ListenRule;
import dev.pgmcp.server.http.jetty.PgmcpHttpServer;
import dev.pgmcp.server.stdio.StdioCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Runs a host's start-up checks on a command line, up to the point where it would connect: the
 * configuration file bound as at start-up ({@link CommandLines#applyConfigFile}), picocli's parse
 * with the host's own command spec, then the validations the host runs before it connects (limits,
 * policy profiles, query templates, connection string, credential options; for the HTTP host its
 * options, TLS files, the access section and the listen rule).
 */
final class DocumentedStartup {

    /** The two runnable jars. */
    enum Host {
        STDIO("pgmcp-stdio.jar", StdioCommand::new),
        HTTP("pgmcp-http.jar", HttpCommand::new);

        final String jar;
        private final Supplier<Object> command;

        Host(String jar, Supplier<Object> command) {
            this.jar = jar;
            this.command = command;
        }

        CommandLine commandLine() {
            return new CommandLine(command.get());
        }

        static Host ofJar(String path) {
            for (Host host : values()) {
                if (path.equals(host.jar) || path.endsWith("/" + host.jar)) {
                    return host;
                }
            }
            return null;
        }
    }

    private DocumentedStartup() {
    }

    /**
     * The first problem start-up would report for {@code java -jar HOST.jar args...} in the
     * environment {@code env}, or null when it would go on to connect.
     */
    static String problem(Host host, List<String> args, Map<String, String> env) {
        try {
            check(host, args, env);
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return CommandLines.describe(e);
        }
    }

    private static void check(Host host, List<String> args, Map<String, String> env) {
        CommandLine commandLine = host.commandLine();
        CommandLines.applyConfigFile(commandLine, args, env);
        ParseResult result = commandLine.parseArgs(args.toArray(String[]::new));
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
            return;
        }
        CommandSpec spec = result.commandSpec();
        CommandSpec serverOptions = spec.mixins().get("options");
        if (serverOptions == null) {
            return;
        }
        ServerOptions options = (ServerOptions) serverOptions.userObject();
        options.limits();
        options.defaultPolicy();
        options.policyProfiles();
        options.templates();
        ConnectionSettings connection = options.connectionSettings(
                new ConnectionResolver(env, Path.of("/nonexistent"), "pgmcp"));
        options.applyAuth(connection);
        CommandSpec httpOptions = spec.mixins().get("http");
        if (httpOptions != null) {
            HttpSettings settings = ((HttpOptions) httpOptions.userObject()).settings(options.poolOptions().maximumSize());
            PgmcpHttpServer.checkTls(settings);
            AccessConfig access = HttpCommand.accessConfig(options);
            ListenRule.check(settings.host(), access);
        }
    }
}
