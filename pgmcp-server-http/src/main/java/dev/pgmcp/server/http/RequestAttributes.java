package dev.pgmcp.server.http;

import jakarta.servlet.ServletRequest;

/** Request attributes that filters installed before the MCP servlet may set. */
public final class RequestAttributes {

    /**
     * The caller's policy profile name (a String), set by an authentication filter; absent means
     * {@link dev.pgmcp.core.runtime.PgmcpRuntime#DEFAULT_PROFILE}.
     */
    public static final String PROFILE = "dev.pgmcp.profile";

    /**
     * Who the caller is (a String that holds no secret, such as {@code api-key:reporting-bot} or
     * {@code oauth:<subject>}), set by an authentication filter. Sessions are bound to it and the
     * connections per caller are counted by it. Absent means an anonymous caller, counted by remote
     * address.
     */
    public static final String CALLER_ID = "dev.pgmcp.caller.id";

    private RequestAttributes() {
    }

    /** The caller's identity, or empty for an anonymous caller. */
    public static java.util.Optional<String> callerId(ServletRequest request) {
        return request.getAttribute(CALLER_ID) instanceof String id && !id.isBlank()
                ? java.util.Optional.of(id) : java.util.Optional.empty();
    }
}
