package dev.pgmcp.server.common;

import dev.pgmcp.core.connection.ConnectionConfigException;
import dev.pgmcp.core.connection.DatabaseUnavailableException;
import dev.pgmcp.core.credentials.CredentialException;
import dev.pgmcp.core.runtime.UnsafeRoleException;
import java.io.PrintWriter;
import dev.pgmcp.core.runtime.InvalidConfigurationException;
import java.nio.file.Path;
import java.util.ArrayList;
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
            applyConfigFile(commandLine, args, environment);
        } catch (ConfigurationException e) {
            print(err, e.problems());
            return EXIT_USAGE;
        }
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            e.getCommandLine().getErr().println("pgmcp: " + e.getMessage() + "\nTry --help for the options.");
            return EXIT_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            print(cl.getErr(), messages(e));
            LOG.debug("start-up failed", e);
            return exitCode(e);
        });
        return commandLine.execute(args);
    }

    /**
     * Every problem that start-up of {@code host} with {@code args} finds before it connects: the
     * configuration file's keys and values, the command line, and each option and section the host
     * validates (the same code as serving). Empty when the configuration is valid. For tests that
     * check documented configurations, and for anything else that validates without serving.
     */
    public static List<String> problems(ServerHost host, String[] args, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(host);
        try {
            applyConfigFile(commandLine, args, environment);
            commandLine.parseArgs(args);
        } catch (ConfigurationException e) {
            return e.problems();
        } catch (CommandLine.ParameterException e) {
            return List.of(e.getMessage());
        }
        Problems problems = new Problems();
        host.plan(problems);
        return problems.list();
    }

    /** Prints each problem on its own line, as {@code pgmcp: PROBLEM}. */
    public static void print(PrintWriter err, List<String> problems) {
        problems.forEach(problem -> err.println("pgmcp: " + problem));
        err.flush();
    }

    /** The lines to print for a start-up failure: each configuration problem, else one line. */
    public static List<String> messages(Throwable e) {
        return e instanceof InvalidConfigurationException invalid ? invalid.problems() : List.of(describe(e));
    }

    /**
     * Makes the configuration file's keys the options' default values, after checking that every
     * key is an option and every value converts as the option's would.
     *
     * @throws ConfigurationException naming the file and the key of each problem
     */
    public static void applyConfigFile(CommandLine commandLine, String[] args, Map<String, String> environment) {
        Path configPath = ConfigFile.locate(List.of(args), environment);
        if (configPath == null) {
            return;
        }
        ConfigFile file = ConfigFile.load(configPath, optionKeys(commandLine));
        List<String> problems = new ArrayList<>();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            String key = option.longestName().replaceFirst("^--", "");
            String value = file.get(key);
            if (value != null && optionKeys(commandLine).contains(key)) {
                String problem = conversionProblem(option, value);
                if (problem != null) {
                    problems.add(configPath + ": " + key + ": " + problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        commandLine.setDefaultValueProvider(argument -> {
            if (argument instanceof OptionSpec option) {
                String value = file.get(option.longestName().replaceFirst("^--", ""));
                return value != null ? value : option.defaultValue();
            }
            return null;
        });
    }

    /**
     * Converts {@code value} as picocli converts the option's argument, into a throwaway copy of the
     * option, so that a bad file value is reported against the file and not against an option the
     * user did not type.
     *
     * @return picocli's reason, or null when the value converts
     */
    private static String conversionProblem(OptionSpec option, String value) {
        OptionSpec probe = OptionSpec.builder(option).arity("1").required(false).defaultValue(null)
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T converted) {
                        return null;
                    }
                }).getter(new CommandLine.Model.IGetter() {
                    @Override
                    public <T> T get() {
                        return null;
                    }
                }).build();
        try {
            new CommandLine(CommandLine.Model.CommandSpec.create().addOption(probe))
                    .parseArgs(option.longestName(), value);
            return null;
        } catch (CommandLine.ParameterException e) {
            return e.getCause() instanceof CommandLine.TypeConversionException conversion ? conversion.getMessage()
                    : e.getMessage();
        }
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
