package dev.pgmcp.server.http.security;

import dev.pgmcp.server.http.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * Answers 400 to a request whose {@code MCP-Protocol-Version} header names a version this server
 * does not speak (the MCP SDK does not check it). A request without the header is accepted, as
 * the specification asks (the server then assumes 2025-03-26).
 */
public final class ProtocolVersionFilter extends HttpFilter {

    public static final String HEADER = "MCP-Protocol-Version";

    private final List<String> supported;

    public ProtocolVersionFilter(List<String> supported) {
        this.supported = List.copyOf(supported);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String version = request.getHeader(HEADER);
        if (version != null && !supported.contains(version.strip())) {
            String shown = version.length() > 40 ? version.substring(0, 40) + "..." : version;
            HttpErrors.send(response, 400, HttpErrors.INVALID_REQUEST, "unsupported " + HEADER + " '"
                    + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'; this server supports " + String.join(", ", supported));
            return;
        }
        chain.doFilter(request, response);
    }
}
