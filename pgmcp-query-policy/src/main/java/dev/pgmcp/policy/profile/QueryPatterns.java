package dev.pgmcp.policy.profile;

import java.util.List;
import java.util.Set;

/**
 * Query pattern allowlisting: when enforced, only statements whose {@link QueryShape} equals one of
 * the approved shapes run.
 *
 * @param enforce whether the allowlist is enforced
 * @param shapes  the approved shapes, normalized
 */
public record QueryPatterns(boolean enforce, Set<String> shapes) {

    /** Off: every shape runs. */
    public static final QueryPatterns OFF = new QueryPatterns(false, Set.of());

    public QueryPatterns {
        shapes = Set.copyOf(shapes);
    }

    /** The shapes in the order given, for tests and messages. */
    public List<String> sorted() {
        return shapes.stream().sorted().toList();
    }
}
