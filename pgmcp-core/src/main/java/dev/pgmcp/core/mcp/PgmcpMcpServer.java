package dev.pgmcp.core.mcp;

import dev.pgmcp.core.tools.PgmcpTool;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;

/** Registers pgmcp's tools, server info and instructions on an MCP SDK server specification. */
public final class PgmcpMcpServer {

    /** Guidance sent to clients at initialization; kept short because it costs tokens. */
    public static final String INSTRUCTIONS = "Read-only access to a PostgreSQL database. Find tables with "
            + "list_schemas and list_tables, read columns and keys with describe_table, then query with "
            + "execute_select (PostgreSQL syntax, one statement, $1.. params). Writes are refused. "
            + "Results are capped: prefer WHERE, LIMIT and aggregates.";

    private PgmcpMcpServer() {
    }

    /** pgmcp's name, title and {@code version} as MCP server info. */
    public static McpSchema.Implementation serverInfo(String version) {
        return new McpSchema.Implementation("pgmcp", "pgmcp: read-only PostgreSQL", version);
    }

    /**
     * Builds the server.
     *
     * @param specification  {@code McpServer.sync(transport)} for the host's transport
     * @param tools          tools to offer
     * @param version        pgmcp's version, sent as server info
     */
    public static McpSyncServer build(McpServer.SyncSpecification<?> specification, List<PgmcpTool> tools,
                                      String version) {
        return specification
                .serverInfo(serverInfo(version))
                .instructions(INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
                .tools(tools.stream().map(McpToolAdapter::toSpecification).toList())
                .build();
    }
}
