package dev.pgmcp.core.execution;

/** The layers of the read-only guarantee (see docs/read-only-guarantee.md). */
public enum Layer {
    /** Size and encoding bounds on the request itself. */
    INPUT("input"),
    /** L1: exactly one read statement, counted by a PostgreSQL-faithful lexer. */
    STATEMENT("statement"),
    /** L2/L3: the query model and the configured policy. */
    POLICY("policy"),
    /** L4: PostgreSQL's planner, consulted with EXPLAIN before anything runs. */
    PLANNER("planner");

    private final String label;

    Layer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
