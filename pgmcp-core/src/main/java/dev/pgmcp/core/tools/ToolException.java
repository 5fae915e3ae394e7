package dev.pgmcp.core.tools;

/** A tool call failed in a way the agent can act on. The message is shown to it verbatim. */
public class ToolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ToolException(String message) {
        super(message, null, false, false);
    }
}
