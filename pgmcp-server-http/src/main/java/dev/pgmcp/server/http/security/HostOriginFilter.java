package dev.pgmcp.server.http.security;

import dev.pgmcp.server.http.HttpErrors;
import dev.pgmcp.server.http.HttpSettings;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses requests whose Host or Origin header this server does not answer to (403), so that a web
 * page cannot reach it through DNS rebinding. On loopback, loopback names are always allowed;
 * otherwise only the configured ones (any Host when none are configured). A request without an
 * Origin header (not from a browser) passes the Origin check. The health paths are exempt.
 */
public final class HostOriginFilter extends HttpFilter {

    private static final Logger LOG = LoggerFactory.getLogger(HostOriginFilter.class);

    private final boolean loopback;
    private final List<String> allowedHosts;
    private final List<String> allowedOrigins;

    public HostOriginFilter(HttpSettings settings) {
        this.loopback = settings.loopback();
        this.allowedHosts = settings.allowedHosts();
        this.allowedOrigins = settings.allowedOrigins();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getServletPath();
        if ("/healthz".equals(path) || "/readyz".equals(path)) {
            // Probes (kubelet, load balancers) use the pod or node address as Host; these paths reveal nothing.
            chain.doFilter(request, response);
            return;
        }
        String host = request.getHeader("Host");
        if (!hostAllowed(host)) {
            LOG.warn("refused a request for Host {}", sanitize(host));
            HttpErrors.send(response, 403, HttpErrors.SERVER_ERROR, "forbidden: this server does not answer to Host '"
                    + sanitize(host) + "'; add the name to --allowed-hosts if it is yours");
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin)) {
            LOG.warn("refused a request from Origin {}", sanitize(origin));
            HttpErrors.send(response, 403, HttpErrors.SERVER_ERROR, "forbidden: Origin '" + sanitize(origin)
                    + "' is not allowed; add it to --allowed-origins if it is yours");
            return;
        }
        chain.doFilter(request, response);
    }

    boolean hostAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String name = hostName(hostHeader.strip().toLowerCase(Locale.ROOT));
        if (loopback) {
            return HttpSettings.isLoopbackName(name) || matchesHost(hostHeader);
        }
        return allowedHosts.isEmpty() || matchesHost(hostHeader);
    }

    private boolean matchesHost(String hostHeader) {
        String value = hostHeader.strip().toLowerCase(Locale.ROOT);
        String name = hostName(value);
        return allowedHosts.contains(value) || allowedHosts.contains(name);
    }

    boolean originAllowed(String origin) {
        String value = origin.strip().toLowerCase(Locale.ROOT);
        if (allowedOrigins.contains(value)) {
            return true;
        }
        if (!loopback) {
            return false;
        }
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && HttpSettings.isLoopbackName(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The name part of a Host header: {@code [::1]:8080} -> {@code ::1}, {@code a.b:80} -> {@code a.b}. */
    static String hostName(String hostHeader) {
        if (hostHeader.startsWith("[")) {
            int end = hostHeader.indexOf(']');
            return end > 0 ? hostHeader.substring(1, end) : hostHeader;
        }
        int colon = hostHeader.indexOf(':');
        return colon >= 0 ? hostHeader.substring(0, colon) : hostHeader;
    }

    private static String sanitize(String value) {
        if (value == null) {
            return "";
        }
        String cleaned = value.replaceAll("[^\\x20-\\x7e]", "?");
        return cleaned.length() > 100 ? cleaned.substring(0, 100) + "..." : cleaned;
    }
}
