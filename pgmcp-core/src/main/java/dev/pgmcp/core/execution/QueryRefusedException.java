package dev.pgmcp.core.execution;

import java.util.Objects;

/** pgmcp refused the query before it ran. Says which layer and rule refused it, and what to do instead. */
public final class QueryRefusedException extends QueryException {
    private static final long serialVersionUID = 1L;

    private final Layer layer;
    private final String rule;
    private final String reason;
    private final String hint;

    /**
     * @param layer  the layer that refused
     * @param rule   a stable rule name, for example {@code single-statement}
     * @param reason what is wrong, in one sentence
     * @param hint   what the agent can do instead
     */
    public QueryRefusedException(Layer layer, String rule, String reason, String hint) {
        super(reason);
        this.layer = Objects.requireNonNull(layer, "layer");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.hint = Objects.requireNonNull(hint, "hint");
    }

    public Layer layer() {
        return layer;
    }

    public String rule() {
        return rule;
    }

    public String reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }

    @Override
    public String toAgentMessage() {
        return "Refused by pgmcp (" + layer.label() + " layer, rule " + rule + "): " + reason + " " + hint;
    }
}
