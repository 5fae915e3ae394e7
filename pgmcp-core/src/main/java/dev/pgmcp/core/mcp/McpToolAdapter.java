package dev.pgmcp.core.mcp;

import dev.pgmcp.core.tools.PgmcpTool;
import dev.pgmcp.core.tools.ToolArguments;
import dev.pgmcp.core.tools.ToolDefinition;
import dev.pgmcp.core.tools.ToolException;
import dev.pgmcp.core.tools.ToolResult;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link PgmcpTool} into an MCP SDK tool specification. Every failure becomes a tool
 * result with {@code isError: true} and a message for the agent; an unexpected exception is
 * logged on the server and the agent gets a short message without a stack trace or class name.
 */
public final class McpToolAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(McpToolAdapter.class);

    private McpToolAdapter() {
    }

    public static SyncToolSpecification toSpecification(PgmcpTool tool) {
        ToolDefinition definition = tool.definition();
        McpSchema.Tool mcpTool = McpSchema.Tool.builder()
                .name(definition.name())
                .title(definition.title())
                .description(definition.description())
                .inputSchema(definition.inputSchema())
                .outputSchema(definition.outputSchema())
                .annotations(new McpSchema.ToolAnnotations(definition.title(), true, false, true, false, null))
                .build();
        return SyncToolSpecification.builder()
                .tool(mcpTool)
                .callHandler((exchange, request) -> call(tool, definition.name(), request))
                .build();
    }

    /** Runs {@code tool} for {@code request}; failures become an {@code isError} result, never an exception. */
    public static McpSchema.CallToolResult call(PgmcpTool tool, String name, McpSchema.CallToolRequest request) {
        long started = System.nanoTime();
        try {
            ToolResult result = tool.call(new ToolArguments(name, request.arguments()));
            LOG.debug("{} answered in {} ms", name, (System.nanoTime() - started) / 1_000_000);
            return McpSchema.CallToolResult.builder()
                    .addTextContent(result.text())
                    .structuredContent(result.structured())
                    .isError(false)
                    .build();
        } catch (ToolException e) {
            LOG.debug("{} refused or failed in {} ms: {}", name, (System.nanoTime() - started) / 1_000_000,
                    e.getMessage());
            return error(e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("{} failed unexpectedly", name, e);
            return error("pgmcp hit an internal error while running " + name
                    + "; the details are in the server log. Try again, or try a simpler request.");
        }
    }

    /** A tool result with {@code isError: true} carrying {@code message} for the agent. */
    public static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
