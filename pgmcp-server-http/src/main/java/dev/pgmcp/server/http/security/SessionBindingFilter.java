package dev.pgmcp.server.http.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pgmcp.server.http.HttpErrors;
import dev.pgmcp.server.http.RequestAttributes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds each MCP session to the caller that created it. The SDK accepts any request that carries a
 * known {@code Mcp-Session-Id}, whoever sends it; this filter records the caller's identity
 * ({@link RequestAttributes#CALLER_ID}) when the SDK hands out a session id in the answer to
 * {@code initialize}, and answers a POST, GET or DELETE from any other caller with the same 404 as
 * for a session that does not exist, so a session id seen in a log or a proxy is worth nothing to
 * another caller. A session id this filter has not seen bound (one that outlived its record) gets
 * 404 too: the client starts a new session.
 *
 * <p>It runs after authentication and before the body is read. Records are dropped on DELETE and
 * after the SDK's own idle sweep could have dropped the session (twice the idle timeout), at the
 * latest; their number is bounded.
 */
public final class SessionBindingFilter extends HttpFilter {

    /** The header the MCP Streamable HTTP transport carries the session id in. */
    public static final String SESSION_HEADER = "Mcp-Session-Id";

    private static final Logger LOG = LoggerFactory.getLogger(SessionBindingFilter.class);
    private static final String ANONYMOUS = "anonymous";
    private static final int MAX_SESSIONS = 100_000;

    private final Cache<String, String> owners;

    /** @param sessionIdleTimeout the transport's idle timeout; the SDK drops idle sessions within twice it */
    public SessionBindingFilter(Duration sessionIdleTimeout) {
        this.owners = Caffeine.newBuilder()
                .expireAfterAccess(sessionIdleTimeout.multipliedBy(2).plusMinutes(1))
                .maximumSize(MAX_SESSIONS)
                .build();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String caller = RequestAttributes.callerId(request).orElse(ANONYMOUS);
        String session = request.getHeader(SESSION_HEADER);
        if (session != null && !session.isEmpty()) {
            String owner = owners.getIfPresent(session);
            if (!caller.equals(owner)) {
                if (owner != null) {
                    LOG.warn("refused {} for session {}... of caller {} from caller {} at {}: answered 404 as for an "
                            + "unknown session", request.getMethod(), shortId(session), owner, caller,
                            request.getRemoteAddr());
                }
                notFound(response, session);
                return;
            }
        }
        // Binds any session id the SDK hands out (in the answer to initialize) before the client sees it.
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                bind(name, value);
                super.setHeader(name, value);
            }

            @Override
            public void addHeader(String name, String value) {
                bind(name, value);
                super.addHeader(name, value);
            }

            private void bind(String name, String value) {
                if (SESSION_HEADER.equalsIgnoreCase(name) && value != null) {
                    owners.put(value, caller);
                }
            }
        });
        if (session != null && "DELETE".equals(request.getMethod()) && response.getStatus() < 300) {
            owners.invalidate(session);
        }
    }

    /** The SDK's own answer for a session it does not know, as {@link ErrorBodyFilter} rewrites it. */
    private static void notFound(HttpServletResponse response, String session) throws IOException {
        HttpErrors.send(response, 404, HttpErrors.SERVER_ERROR, "Session not found: " + printable(session));
    }

    private static String printable(String session) {
        String shown = session.length() > 100 ? session.substring(0, 100) : session;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String shortId(String session) {
        return printable(session.length() > 8 ? session.substring(0, 8) : session);
    }
}
