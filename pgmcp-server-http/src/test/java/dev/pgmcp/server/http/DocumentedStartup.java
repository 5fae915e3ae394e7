package dev.pgmcp.server.http;

import dev.pgmcp.server.common.CommandLines;
import dev.pgmcp.server.common.Problems;
import dev.pgmcp.server.common.ServerHost;
import dev.pgmcp.server.stdio.StdioCommand;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Runs a host's start-up checks on a command line, up to the point where it would connect: the
 * configuration file bound as at start-up ({@link CommandLines#applyConfigFile}), picocli's parse
 * with the host's own command spec, then the host's own start-up plan ({@link ServerHost#plan}, the
 * code that serving and {@code check} run: limits, policy profiles, query templates, connection
 * string, credential options; for the HTTP host its options, TLS files, the access section and the
 * listen rule).
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
        String[] argv = args.toArray(String[]::new);
        CommandLines.applyConfigFile(commandLine, argv, env);
        ParseResult result = commandLine.parseArgs(argv);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        if (result.isUsageHelpRequested() || result.isVersionHelpRequested()) {
            return;
        }
        if (result.commandSpec().userObject() instanceof ServerHost serverHost) {
            Problems problems = new Problems();
            serverHost.plan(problems);
            problems.throwIfAny();
        }
    }
}
