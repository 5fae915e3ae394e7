package dev.pgmcp.server.http.auth;

import dev.pgmcp.server.http.JsonResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OAuth 2.0 Protected Resource Metadata document (RFC 9728) that MCP clients read after a
 * 401 to find the authorization server: {@code resource}, {@code authorization_servers},
 * {@code scopes_supported}, {@code bearer_methods_supported}. Mount it, without the access
 * filter, at {@link #PATH} and {@code PATH + "/*"} (RFC 9728 also inserts the resource's path,
 * e.g. {@code /.well-known/oauth-protected-resource/mcp}). Without OAuth it answers 404.
 */
public final class ProtectedResourceMetadataServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The well-known path of the metadata document. */
    public static final String PATH = "/.well-known/oauth-protected-resource";

    private final transient byte[] document;

    public ProtectedResourceMetadataServlet(AccessConfig config) {
        this.document = config.oauth().map(oauth -> {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("resource", config.resourceUrl().orElseThrow().toString());
            metadata.put("authorization_servers", List.of(oauth.issuer()));
            metadata.put("scopes_supported", List.copyOf(oauth.scopesSupported()));
            metadata.put("bearer_methods_supported", List.of("header"));
            metadata.put("resource_name", "pgmcp");
            return JsonResponses.JSON.writeValueAsBytes(metadata);
        }).orElse(null);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (document == null) {
            JsonResponses.write(response, 404, Map.of("error", "not_found",
                    "error_description", "this server does not use OAuth"));
            return;
        }
        // Public information; browser-based clients read it across origins.
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setHeader("Cache-Control", "max-age=3600");
        JsonResponses.write(response, 200, document);
    }
}
