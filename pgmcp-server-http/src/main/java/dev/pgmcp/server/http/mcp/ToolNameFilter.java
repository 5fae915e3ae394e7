package dev.pgmcp.server.http.mcp;

import dev.pgmcp.server.http.HttpErrors;
import dev.pgmcp.server.http.security.JsonRpcBodyFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import tools.jackson.databind.JsonNode;

/**
 * Answers a {@code tools/call} for a tool the caller cannot see with a JSON-RPC error (-32602) that
 * names the tool and the caller's tools; the SDK's own answer says only "Unknown tool:
 * invalid_tool_name". The handler authorizes every call again ({@link ProfileTools#call}).
 */
public final class ToolNameFilter extends HttpFilter {

    private final ProfileTools tools;

    public ToolNameFilter(ProfileTools tools) {
        this.tools = tools;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(JsonRpcBodyFilter.MESSAGE_ATTRIBUTE) instanceof JsonNode message
                && "tools/call".equals(message.path("method").asString(""))) {
            String name = message.path("params").path("name").asString("");
            String profile = ProfileTools.profile(ProfileTools.context(request));
            if (!tools.offers(profile, name)) {
                JsonNode id = message.get("id");
                Object requestId = id == null || id.isNull() ? null : id.isIntegralNumber() ? id.asLong() : id.asString();
                String shown = name.length() > 80 ? name.substring(0, 80) + "..." : name;
                // A JSON-RPC error travels in a 200 response, as the SDK sends its own.
                HttpErrors.send(response, 200, requestId, -32602, "unknown tool '" + shown.replaceAll("[^\\x20-\\x7e]", "?")
                        + "': your tools are " + String.join(", ", tools.names(profile)) + " (see tools/list)");
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
