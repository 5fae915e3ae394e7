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
 * result with {@code isError: true} and a message for the agent. Anything unexpected, every
 * {@link Throwable} (an {@link Error} too), is logged with its stack trace under a short reference
 * ({@link InternalErrors}), and the agent gets that reference without a stack trace or class name.
 * Errors must not reach the SDK: Reactor rethrows "fatal" ones such as {@code LinkageError} on its
 * worker thread, and the request is then never answered.
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
        } catch (Throwable e) {
            return error(InternalErrors.message(name, InternalErrors.log(LOG, name, e)));
        }
    }

    /** A tool result with {@code isError: true} carrying {@code message} for the agent. */
    public static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
