package dev.pgmcp.server.http;

/** Request attributes that filters installed before the MCP servlet may set. */
public final class RequestAttributes {

    /**
     * The caller's policy profile name (a String), set by an authentication filter; absent means
     * {@link dev.pgmcp.core.runtime.PgmcpRuntime#DEFAULT_PROFILE}.
     */
    public static final String PROFILE = "dev.pgmcp.profile";

    private RequestAttributes() {
    }
}
