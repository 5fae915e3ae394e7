package dev.pgmcp.server.http.auth;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every request to the MCP endpoint and decides the caller's policy profile.
 * Install it in front of the MCP servlet (async supported). A refused request gets 400, 401,
 * 403 or 503 with a {@code WWW-Authenticate: Bearer} challenge and a short JSON body, and never
 * reaches the servlet. An accepted one carries the request attributes {@link #PROFILE_ATTRIBUTE}
 * (the profile name, a String) and {@link #CALLER_ATTRIBUTE} (a {@link Caller}).
 *
 * <p>Credentials: {@code Authorization: Bearer <API key or JWT>}, or {@code X-API-Key: <API key>};
 * one of them per request. Without an access section ({@link AccessConfig#none()}) every caller
 * is {@link Caller#ANONYMOUS} with the default profile; {@link ListenRule} allows that only on loopback.
 */
public final class AccessFilter implements Filter {

    /** Request attribute: the caller's policy profile name (String). */
    public static final String PROFILE_ATTRIBUTE = dev.pgmcp.server.http.RequestAttributes.PROFILE;
    /** Request attribute: the authenticated {@link Caller}. */
    public static final String CALLER_ATTRIBUTE = "dev.pgmcp.caller";
    /** The header that may carry an API key instead of {@code Authorization: Bearer}. */
    public static final String API_KEY_HEADER = "X-API-Key";

    private static final Logger LOG = LoggerFactory.getLogger(AccessFilter.class);

    private final AccessConfig config;
    private final ApiKeyAuthenticator apiKeys;
    private final JwtAuthenticator jwt;
    private final Refusals refusals;
    private final String anonymousProfile;

    /** A filter for {@code config}; with OAuth it starts fetching the issuer's keys on first use. */
    public AccessFilter(AccessConfig config) {
        this(config, dev.pgmcp.core.runtime.PgmcpRuntime.DEFAULT_PROFILE);
    }

    /**
     * A filter for {@code config} that gives callers the profile {@code anonymousProfile} when the
     * configuration authenticates no one (loopback without an access section).
     */
    public AccessFilter(AccessConfig config, String anonymousProfile) {
        this.config = config;
        this.anonymousProfile = java.util.Objects.requireNonNull(anonymousProfile, "anonymousProfile");
        this.apiKeys = new ApiKeyAuthenticator(config.apiKeys());
        this.jwt = config.oauth().map(JwtAuthenticator::new).orElse(null);
        this.refusals = new Refusals(jwt == null ? null : config.metadataUrl().orElse(null));
    }

    /** The profile the filter gave this request; empty when the filter did not run. */
    public static Optional<String> profile(ServletRequest request) {
        return request.getAttribute(PROFILE_ATTRIBUTE) instanceof String profile ? Optional.of(profile) : Optional.empty();
    }

    /** The caller the filter found for this request; empty when the filter did not run. */
    public static Optional<Caller> caller(ServletRequest request) {
        return request.getAttribute(CALLER_ATTRIBUTE) instanceof Caller caller ? Optional.of(caller) : Optional.empty();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Caller caller;
        String profile;
        if (!config.authenticates()) {
            caller = Caller.ANONYMOUS;
            profile = anonymousProfile;
        } else {
            try {
                Authenticated authenticated = authenticate(request);
                caller = authenticated.caller();
                profile = authenticated.profile();
            } catch (AuthFailure failure) {
                if (failure.error() == null) {
                    LOG.debug("refused a request without credentials from {}", request.getRemoteAddr());
                } else {
                    LOG.info("refused a request from {}: {} ({})", request.getRemoteAddr(), failure.description(),
                            failure.error());
                }
                refusals.write(response, failure);
                return;
            }
            LOG.debug("caller {} ({}) from {} gets profile {}", caller.name(), caller.method(),
                    request.getRemoteAddr(), profile);
        }
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        request.setAttribute(PROFILE_ATTRIBUTE, profile);
        if (caller.method() != Caller.Method.ANONYMOUS) {
            request.setAttribute(dev.pgmcp.server.http.RequestAttributes.CALLER_ID, caller.id());
        }
        chain.doFilter(request, response);
    }

    private record Authenticated(Caller caller, String profile) {
    }

    private Authenticated authenticate(HttpServletRequest request) throws AuthFailure {
        List<String> authorization = headers(request, "Authorization");
        List<String> apiKeyHeader = headers(request, API_KEY_HEADER);
        if (authorization.size() + apiKeyHeader.size() > 1) {
            throw AuthFailure.badRequest("send one credential per request: either 'Authorization: Bearer' or '"
                    + API_KEY_HEADER + "', once");
        }
        if (!apiKeyHeader.isEmpty()) {
            if (!apiKeys.enabled()) {
                throw AuthFailure.invalidToken("this server accepts no API keys; send an OAuth access token as "
                        + "'Authorization: Bearer <token>'");
            }
            return apiKey(apiKeyHeader.get(0).strip());
        }
        if (authorization.isEmpty()) {
            throw AuthFailure.missing("this server requires authentication: send 'Authorization: Bearer <token>'"
                    + (jwt != null ? " with an OAuth access token (see the resource_metadata URL in the "
                    + "WWW-Authenticate header)" : " with an API key"));
        }
        String[] parts = authorization.get(0).strip().split("\\s+", 2);
        if (!parts[0].equalsIgnoreCase("Bearer")) {
            // Echo the scheme only when it looks like one: a bare key sent without "Bearer " must not come back.
            String scheme = parts.length == 2 && parts[0].matches("[A-Za-z]{1,20}")
                    ? "the Authorization scheme '" + parts[0].toLowerCase(Locale.ROOT) + "'" : "this Authorization header";
            throw AuthFailure.missing(scheme + " is not supported: send 'Authorization: Bearer <token>'");
        }
        String token = parts.length < 2 ? "" : parts[1].strip();
        if (token.isEmpty()) {
            throw AuthFailure.badRequest("the bearer token is empty");
        }
        if (apiKeys.enabled()) {
            Optional<ApiKey> key = apiKeys.find(token);
            if (key.isPresent()) {
                return apiKeyCaller(key.get());
            }
        }
        if (jwt == null || apiKeys.enabled() && token.chars().filter(c -> c == '.').count() != 2) {
            throw AuthFailure.invalidToken("unknown API key");
        }
        Caller caller = jwt.authenticate(token);
        String profile = config.oauth().orElseThrow().profileFor(caller);
        if (profile == null) {
            throw AuthFailure.insufficientScope("no profile rule matches this caller's groups, scopes or subject",
                    null);
        }
        return new Authenticated(caller, profile);
    }

    private Authenticated apiKey(String presented) throws AuthFailure {
        Optional<ApiKey> key = presented.isEmpty() ? Optional.empty() : apiKeys.find(presented);
        if (key.isEmpty()) {
            throw AuthFailure.invalidToken("unknown API key");
        }
        return apiKeyCaller(key.get());
    }

    private static Authenticated apiKeyCaller(ApiKey key) {
        return new Authenticated(new Caller(key.name(), java.util.Set.of(), java.util.Set.of(), Caller.Method.API_KEY),
                key.profile());
    }

    private static List<String> headers(HttpServletRequest request, String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public void destroy() {
        if (jwt != null) {
            try {
                jwt.close();
            } catch (IOException e) {
                LOG.debug("closing the JWKS cache failed: {}", e.getMessage());
            }
        }
    }
}
