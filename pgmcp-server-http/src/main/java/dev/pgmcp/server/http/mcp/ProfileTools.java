package dev.pgmcp.server.http.mcp;

import dev.pgmcp.core.mcp.McpToolAdapter;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.tools.PgmcpTool;
import dev.pgmcp.server.http.RequestAttributes;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves each caller the tools of its policy profile. The MCP SDK registers one tool list per
 * server, and its tool filter ({@code McpSyncListFilter}) sees the transport context but only hides
 * tools from {@code tools/list}; {@code tools/call} does not consult it. So every tool name of every
 * profile is registered once, the filter shows a caller only its profile's tools, and each call is
 * dispatched again by profile to that profile's own tool instance (or refused).
 */
public final class ProfileTools {

    /** Key of the caller's profile in the MCP transport context. */
    public static final String CONTEXT_KEY = "pgmcp.profile";

    private static final Logger LOG = LoggerFactory.getLogger(ProfileTools.class);

    private final Map<String, Map<String, PgmcpTool>> toolsByProfile;
    private final Map<String, McpSchema.Tool> union;

    public ProfileTools(PgmcpRuntime runtime) {
        Map<String, Map<String, PgmcpTool>> byProfile = new LinkedHashMap<>();
        Map<String, McpSchema.Tool> all = new LinkedHashMap<>();
        for (String profile : runtime.profileNames()) {
            Map<String, PgmcpTool> byName = new LinkedHashMap<>();
            for (PgmcpTool tool : runtime.tools(profile)) {
                String name = tool.definition().name();
                byName.put(name, tool);
                all.computeIfAbsent(name, n -> McpToolAdapter.toSpecification(tool).tool());
            }
            byProfile.put(profile, Collections.unmodifiableMap(byName));
        }
        this.toolsByProfile = Collections.unmodifiableMap(byProfile);
        this.union = Collections.unmodifiableMap(all);
    }

    /** The transport context of a request: the profile an authentication filter set, else the default. */
    public static McpTransportContext context(HttpServletRequest request) {
        Object profile = request.getAttribute(RequestAttributes.PROFILE);
        String name = profile instanceof String s && !s.isBlank() ? s : PgmcpRuntime.DEFAULT_PROFILE;
        return McpTransportContext.create(Map.of(CONTEXT_KEY, name));
    }

    static String profile(McpTransportContext context) {
        Object profile = context == null ? null : context.get(CONTEXT_KEY);
        return profile instanceof String s ? s : PgmcpRuntime.DEFAULT_PROFILE;
    }

    /** Whether the profile offers a tool of this name. */
    public boolean offers(String profile, String toolName) {
        return toolsByProfile.getOrDefault(profile, Map.of()).containsKey(toolName);
    }

    /** The tool names of a profile (none for an unknown profile). */
    public java.util.Set<String> names(String profile) {
        return toolsByProfile.getOrDefault(profile, Map.of()).keySet();
    }

    /** Whether {@code tool} is in the caller's profile: the tool filter for tools/list. */
    public boolean isVisible(McpTransportContext context, McpSchema.Tool tool) {
        return toolsByProfile.getOrDefault(profile(context), Map.of()).containsKey(tool.name());
    }

    /** Runs a call after authorizing it against the caller's profile. */
    public McpSchema.CallToolResult call(McpTransportContext context, McpSchema.CallToolRequest request) {
        String profile = profile(context);
        Map<String, PgmcpTool> tools = toolsByProfile.get(profile);
        if (tools == null) {
            LOG.warn("refused {}: unknown policy profile {}", request.name(), profile);
            return McpToolAdapter.error("Refused by pgmcp: your access profile '" + profile
                    + "' is not configured on this server; ask its operator.");
        }
        PgmcpTool tool = tools.get(request.name());
        if (tool == null) {
            LOG.info("refused {}: not in profile {}", request.name(), profile);
            return McpToolAdapter.error("Refused by pgmcp: the tool '" + request.name()
                    + "' is not available to your access profile '" + profile + "'. Available: "
                    + String.join(", ", tools.keySet()) + ".");
        }
        return McpToolAdapter.call(tool, request.name(), request);
    }

    /** The tool specifications for a sessionful server. */
    public List<McpServerFeatures.SyncToolSpecification> sessionful() {
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        for (McpSchema.Tool tool : union.values()) {
            specs.add(McpServerFeatures.SyncToolSpecification.builder().tool(tool)
                    .callHandler((exchange, request) -> call(exchange.transportContext(), request)).build());
        }
        return specs;
    }

    /** The tool specifications for a stateless server. */
    public List<McpStatelessServerFeatures.SyncToolSpecification> stateless() {
        List<McpStatelessServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        for (McpSchema.Tool tool : union.values()) {
            specs.add(new McpStatelessServerFeatures.SyncToolSpecification(tool, this::call));
        }
        return specs;
    }
}
