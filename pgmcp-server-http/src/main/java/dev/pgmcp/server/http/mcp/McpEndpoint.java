package dev.pgmcp.server.http.mcp;

import dev.pgmcp.core.mcp.PgmcpMcpServer;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.http.HttpSettings;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServlet;
import java.util.List;

/**
 * The MCP servlet at {@value #PATH} with pgmcp's tools: Streamable HTTP with sessions (idle ones
 * swept after {@link HttpSettings#sessionIdleTimeout()}), or stateless.
 */
public final class McpEndpoint implements AutoCloseable {

    public static final String PATH = "/mcp";

    private final HttpServlet servlet;
    private final ProfileTools tools;
    private final List<String> protocolVersions;
    private final Runnable close;

    private McpEndpoint(HttpServlet servlet, ProfileTools tools, List<String> protocolVersions, Runnable close) {
        this.servlet = servlet;
        this.tools = tools;
        this.protocolVersions = protocolVersions;
        this.close = close;
    }

    /** Builds the transport and the MCP server on it. */
    public static McpEndpoint create(PgmcpRuntime runtime, HttpSettings settings, String version) {
        ProfileTools tools = new ProfileTools(runtime);
        if (settings.stateless()) {
            HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                    .jsonMapper(McpJsonDefaults.getMapper())
                    .messageEndpoint(PATH)
                    .contextExtractor(ProfileTools::context)
                    .maxRequestSize(settings.maxRequestBytes())
                    .build();
            McpStatelessSyncServer server = McpServer.sync(transport)
                    .serverInfo(PgmcpMcpServer.serverInfo(version))
                    .instructions(PgmcpMcpServer.INSTRUCTIONS)
                    .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                    .tools(tools.stateless())
                    .addToolFilter(tools::isVisible)
                    .build();
            return new McpEndpoint(transport, tools, transport.protocolVersions(), server::closeGracefully);
        }
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonDefaults.getMapper())
                .mcpEndpoint(PATH)
                .contextExtractor(ProfileTools::context)
                .maxRequestSize(settings.maxRequestBytes())
                .sessionSweepInterval(settings.sessionIdleTimeout())
                .build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo(PgmcpMcpServer.serverInfo(version))
                .instructions(PgmcpMcpServer.INSTRUCTIONS)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).logging().build())
                .tools(tools.sessionful())
                .addToolFilter(tools::isVisible)
                .build();
        return new McpEndpoint(transport, tools, transport.protocolVersions(), server::closeGracefully);
    }

    public HttpServlet servlet() {
        return servlet;
    }

    /** The filter that answers calls of tools the caller cannot see. */
    public ToolNameFilter toolNameFilter() {
        return new ToolNameFilter(tools);
    }

    /** The MCP protocol versions the transport speaks. */
    public List<String> protocolVersions() {
        return protocolVersions;
    }

    @Override
    public void close() {
        close.run();
    }
}
