package dev.pgmcp.core.execution;

/** A query did not run to a result: pgmcp refused it, or PostgreSQL reported an error. */
public abstract sealed class QueryException extends Exception permits QueryRefusedException, QueryFailedException {
    private static final long serialVersionUID = 1L;

    protected QueryException(String message) {
        super(message, null, false, false);
    }

    /** The text an agent should read: what happened and what to do instead. No stack trace, no secret. */
    public abstract String toAgentMessage();
}
