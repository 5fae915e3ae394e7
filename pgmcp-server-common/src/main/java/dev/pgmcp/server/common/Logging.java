package dev.pgmcp.server.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** Sets log levels at start-up. Logs always go to standard error (see logback.xml): stdout may be the protocol. */
public final class Logging {

    private static final Set<String> LEVELS = Set.of("error", "warn", "info", "debug", "trace");

    private Logging() {
    }

    /** Sets pgmcp's level; the libraries stay at WARN unless the level is debug or trace. */
    public static void configure(String level) {
        String normalized = level.toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(normalized)) {
            throw new ConfigurationException("log level '" + level + "' is not one of error, warn, info, debug, trace");
        }
        Level pgmcp = Level.toLevel(normalized);
        ((Logger) LoggerFactory.getLogger("dev.pgmcp")).setLevel(pgmcp);
        Level libraries = pgmcp.isGreaterOrEqual(Level.INFO) ? Level.WARN : pgmcp;
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(libraries);
        // Calcite's parser logs every reduction at DEBUG, which would slow each query down several times.
        ((Logger) LoggerFactory.getLogger("org.apache.calcite")).setLevel(Level.WARN);
    }
}
