package dev.pgmcp.localpg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds a directory holding the PostgreSQL server binaries {@code initdb}, {@code pg_ctl} and {@code postgres}. */
final class BinaryLocator {

    static final String BIN_ENV = "PGMCP_PG_BIN";

    private static final Logger LOG = LoggerFactory.getLogger(BinaryLocator.class);
    private static final List<String> REQUIRED = List.of("initdb", "pg_ctl", "postgres");

    private BinaryLocator() {}

    static Optional<Path> find() {
        return find(System.getenv(), Path.of("/usr/lib/postgresql"));
    }

    /**
     * Looks at {@code $PGMCP_PG_BIN}, then {@code debianRoot/<version>/bin} (highest version
     * first), then {@code pg_config --bindir}, then {@code initdb} on the PATH.
     */
    static Optional<Path> find(Map<String, String> env, Path debianRoot) {
        String configured = env.get(BIN_ENV);
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured.trim());
            if (isBinDirectory(dir)) {
                return Optional.of(dir);
            }
            LOG.warn("{}={} does not contain {}; looking for PostgreSQL binaries elsewhere",
                    BIN_ENV, dir, String.join(", ", REQUIRED));
        }
        Optional<Path> found = debianVersions(debianRoot);
        if (found.isEmpty()) {
            found = fromPgConfig(env.get("PATH"));
        }
        if (found.isEmpty()) {
            found = fromInitdbOnPath(env.get("PATH"));
        }
        return found;
    }

    static boolean isBinDirectory(Path dir) {
        return REQUIRED.stream().allMatch(name -> {
            Path file = dir.resolve(name);
            return Files.isRegularFile(file) && Files.isExecutable(file);
        });
    }

    private static Optional<Path> debianVersions(Path root) {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            List<Path> sorted = versions
                    .filter(Files::isDirectory)
                    .sorted(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString())).reversed())
                    .collect(Collectors.toList());
            return sorted.stream().map(p -> p.resolve("bin")).filter(BinaryLocator::isBinDirectory).findFirst();
        } catch (IOException e) {
            LOG.debug("Could not list {}: {}", root, e.toString());
            return Optional.empty();
        }
    }

    /** "15" -> 15_000, "9.6" -> 9_006; names that are not versions sort last. */
    private static long versionKey(String name) {
        String[] parts = name.split("\\.");
        try {
            long major = Long.parseLong(parts[0]);
            long minor = parts.length > 1 ? Long.parseLong(parts[1]) : 0;
            return major * 1000 + minor;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Optional<Path> fromPgConfig(String pathVariable) {
        Path pgConfig = CommandRunner.onPath(pathVariable, "pg_config");
        if (pgConfig == null) {
            return Optional.empty();
        }
        try {
            CommandRunner.Result result = CommandRunner.run(
                    List.of(pgConfig.toString(), "--bindir"), null, null, Duration.ofSeconds(10));
            if (result.succeeded()) {
                Path dir = Path.of(result.output().strip());
                if (isBinDirectory(dir)) {
                    return Optional.of(dir);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("pg_config --bindir failed: {}", e.toString());
        }
        return Optional.empty();
    }

    private static Optional<Path> fromInitdbOnPath(String pathVariable) {
        Path initdb = CommandRunner.onPath(pathVariable, "initdb");
        if (initdb == null) {
            return Optional.empty();
        }
        try {
            Path dir = initdb.toRealPath().getParent();
            return isBinDirectory(dir) ? Optional.of(dir) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
