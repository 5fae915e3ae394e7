package dev.pgmcp.core.runtime;

import java.util.List;

/**
 * The configuration cannot be served. It carries every problem found, not only the first, so that
 * one run (start-up or {@code check}) shows all there is to fix; each problem is one message that
 * names the setting and says what to change.
 */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public InvalidConfigurationException(String problem) {
        this(List.of(problem));
    }

    /** @param problems at least one */
    public InvalidConfigurationException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problem given");
        }
        this.problems = List.copyOf(problems);
    }

    /** Each problem, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
