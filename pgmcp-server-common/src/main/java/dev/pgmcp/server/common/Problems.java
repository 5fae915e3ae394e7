package dev.pgmcp.server.common;

import dev.pgmcp.core.runtime.InvalidConfigurationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Collects the configuration problems of one start-up, so that start-up and {@code check} report
 * all of them at once instead of one per run. A step that fails with a usage error (exit code 2)
 * adds its problems and yields null; any other failure propagates. The same problem found twice is
 * kept once.
 */
public final class Problems {

    private final Set<String> problems = new LinkedHashSet<>();

    /** Runs {@code step}; on a usage error records its problems and returns null. */
    public <T> T check(Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            if (CommandLines.exitCode(e) != CommandLines.EXIT_USAGE) {
                throw e;
            }
            add(e);
            return null;
        }
    }

    /** Runs {@code step}; on a usage error records its problems. */
    public void check(Runnable step) {
        check(() -> {
            step.run();
            return Boolean.TRUE;
        });
    }

    /** Records the problems of a usage error. */
    public void add(RuntimeException e) {
        if (e instanceof InvalidConfigurationException invalid) {
            problems.addAll(invalid.problems());
        } else {
            problems.add(e.getMessage());
        }
    }

    public void add(String problem) {
        problems.add(problem);
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /** Every problem, in the order found. */
    public List<String> list() {
        return List.copyOf(problems);
    }

    /** @throws ConfigurationException carrying every problem, when there is any */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigurationException(list());
        }
    }
}
