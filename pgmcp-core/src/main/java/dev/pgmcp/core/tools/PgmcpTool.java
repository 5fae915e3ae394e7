package dev.pgmcp.core.tools;

/**
 * A tool pgmcp offers to agents, independent of the MCP transport. Embedders may implement their
 * own and register them next to the built-in ones. Implementations must be thread-safe.
 */
public interface PgmcpTool {

    /** Name, description and JSON Schemas. */
    ToolDefinition definition();

    /**
     * Runs the tool.
     *
     * @throws ToolException when the call cannot succeed; its message is shown to the agent
     */
    ToolResult call(ToolArguments arguments) throws ToolException;
}
