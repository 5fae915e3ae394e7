package dev.pgmcp.server.common;

import dev.pgmcp.core.connection.ConnectionConfigException;
import dev.pgmcp.core.connection.DatabaseUnavailableException;
import dev.pgmcp.core.credentials.CredentialException;
import dev.pgmcp.core.runtime.UnsafeRoleException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds a host's command line: the configuration file as default values, short error messages
 * on standard error, and exit codes: 0 done, 1 the database or role failed, 2 bad usage or
 * configuration.
 */
public final class CommandLines {

    public static final int EXIT_RUNTIME_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CommandLines.class);

    private CommandLines() {
    }

    /** Parses and runs {@code command} with {@code args}; returns the exit code. */
    public static int execute(Object command, String[] args, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(command);
        PrintWriter err = commandLine.getErr();
        try {
            applyConfigFile(commandLine, List.of(args), environment);
        } catch (ConfigurationException e) {
            err.println("pgmcp: " + e.getMessage());
            err.flush();
            return EXIT_USAGE;
        }
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("pgmcp: " + e.getMessage() + "\nTry --help for the options.");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            cl.getErr().println("pgmcp: " + describe(e));
            LOG.debug("start-up failed", e);
            return exitCode(e);
        });
        return commandLine.execute(args);
    }

    /**
     * Makes the configuration file named by {@code --config} in {@code args}, else by
     * {@code PGMCP_CONFIG}, the source of default values for every option of the command line and
     * its subcommands; does nothing when neither names a file.
     *
     * @throws ConfigurationException when the file is missing, malformed, or has an unknown key
     */
    public static void applyConfigFile(CommandLine commandLine, List<String> args, Map<String, String> environment) {
        Path configPath = ConfigFile.locate(args, environment);
        if (configPath == null) {
            return;
        }
        ConfigFile file = ConfigFile.load(configPath, optionKeys(commandLine));
        commandLine.setDefaultValueProvider(argument -> {
            if (argument instanceof OptionSpec option) {
                String value = file.get(option.longestName().replaceFirst("^--", ""));
                return value != null ? value : option.defaultValue();
            }
            return null;
        });
    }

    /** A one-line message for a start-up failure, without a stack trace or a secret. */
    public static String describe(Throwable e) {
        if (isUsageError(e) || e instanceof DatabaseUnavailableException || e instanceof UnsafeRoleException
                || e instanceof CredentialException) {
            return e.getMessage();
        }
        return "unexpected error (" + e.getClass().getSimpleName() + "): " + e.getMessage()
                + "; run with --log-level debug for details";
    }

    /** 2 for wrong options or configuration, 1 for everything else (database, role, credentials, bugs). */
    public static int exitCode(Throwable e) {
        return isUsageError(e) ? EXIT_USAGE : EXIT_RUNTIME_FAILURE;
    }

    private static boolean isUsageError(Throwable e) {
        return e instanceof ConfigurationException || e instanceof ConnectionConfigException
                || e instanceof IllegalArgumentException || e instanceof CommandLine.TypeConversionException;
    }

    private static Set<String> optionKeys(CommandLine commandLine) {
        Set<String> keys = new HashSet<>();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            String name = option.longestName();
            if (name.startsWith("--") && !name.equals("--config") && !name.equals("--help")
                    && !name.equals("--version")) {
                keys.add(name.substring(2));
            }
        }
        return keys;
    }
}
