package dev.pgmcp.policy.profile;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;

/** Refusals of the profile policies: layer, rule, the profile's name, and what to do instead. */
final class Refusals {

    private Refusals() {
    }

    static QueryRefusedException refuse(String rule, String profile, String reason, String hint) {
        return new QueryRefusedException(Layer.POLICY, rule, reason + " (policy '" + profile + "').", hint);
    }
}
