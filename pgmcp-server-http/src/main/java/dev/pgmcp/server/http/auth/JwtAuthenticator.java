package dev.pgmcp.server.http.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import com.nimbusds.jwt.util.DateUtils;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates OAuth 2.1 JWT access tokens (RFC 9068) with nimbus-jose-jwt: an RS256 or ES256
 * signature by a key of the issuer's JWKS (cached, refreshed ahead of expiry and when an unknown
 * key id appears, rate limited), then issuer, audience, expiry and not-before with a small clock
 * skew, then the required scopes.
 */
final class JwtAuthenticator implements Closeable {

    /** The only signature algorithms accepted; never {@code none}, never HMAC. */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /** Accepted {@code typ} header values: RFC 9068's at+jwt, JWT, or none. */
    private static final Set<JOSEObjectType> TYPES = java.util.Collections.unmodifiableSet(
            new java.util.HashSet<>(java.util.Arrays.asList(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"),
                    new JOSEObjectType("application/at+jwt"), null)));

    private static final Logger LOG = LoggerFactory.getLogger(JwtAuthenticator.class);
    private static final long CACHE_TTL_MS = TimeUnit.MINUTES.toMillis(10);
    private static final long REFRESH_TIMEOUT_MS = TimeUnit.SECONDS.toMillis(5);
    private static final int HTTP_TIMEOUT_MS = 5_000;
    private static final int JWKS_SIZE_LIMIT = 256 * 1024;

    private final OAuthConfig config;
    private final JWKSource<SecurityContext> keys;
    private final DefaultJWTProcessor<SecurityContext> processor;

    JwtAuthenticator(OAuthConfig config) {
        this.config = config;
        try {
            this.keys = JWKSourceBuilder.<SecurityContext>create(config.jwksUrl().toURL(),
                            new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                    .cache(CACHE_TTL_MS, REFRESH_TIMEOUT_MS)
                    .refreshAheadCache(JWKSourceBuilder.DEFAULT_REFRESH_AHEAD_TIME, null,
                            Executors.newSingleThreadExecutor(JwtAuthenticator::daemon), true,
                            Executors.newSingleThreadScheduledExecutor(JwtAuthenticator::daemon), true)
                    .rateLimited(true)
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("access.oauth.jwks-url is not a valid URL: " + config.jwksUrl());
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TYPES));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new ClaimsCheck(config));
    }

    /** Refresh threads never keep the JVM alive (a failed start must exit). */
    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "pgmcp-jwks-refresh");
        thread.setDaemon(true);
        return thread;
    }

    /** The caller the token names, or the reason it is refused. */
    Caller authenticate(String token) throws AuthFailure {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw AuthFailure.invalidToken("the bearer token is not a well-formed JWT access token");
        }
        if (jwt instanceof PlainJWT) {
            throw AuthFailure.invalidToken("unsigned tokens (alg none) are not accepted");
        }
        if (!TYPES.contains(jwt.getHeader().getType())) {
            throw AuthFailure.invalidToken("the token's type (typ) must be JWT or at+jwt");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ClaimRejected e) {
            throw AuthFailure.invalidToken(e.getMessage());
        } catch (RateLimitReachedException e) {
            throw AuthFailure.invalidToken(signatureMessage());
        } catch (KeySourceException e) {
            LOG.warn("cannot fetch the issuer's signing keys from {}: {}", config.jwksUrl(), e.getMessage());
            throw AuthFailure.unavailable("the authorization server's signing keys cannot be fetched right now; "
                    + "try again later");
        } catch (BadJOSEException | JOSEException e) {
            LOG.debug("token rejected: {}", e.getMessage());
            throw AuthFailure.invalidToken(signatureMessage());
        }
        Set<String> scopes = scopes(claims);
        Caller caller = new Caller(name(claims), groups(claims), scopes, Caller.Method.OAUTH);
        List<String> missing = new ArrayList<>();
        for (String required : config.requiredScopes()) {
            if (!scopes.contains(required)) {
                missing.add(required);
            }
        }
        if (!missing.isEmpty()) {
            throw AuthFailure.insufficientScope("the token lacks the scope " + String.join(" ", missing)
                    + " that this server requires", String.join(" ", config.requiredScopes()));
        }
        return caller;
    }

    private static String signatureMessage() {
        return "the token's signature cannot be verified with the issuer's keys (accepted algorithms: RS256, ES256)";
    }

    private static String name(JWTClaimsSet claims) {
        for (String claim : List.of("sub", "client_id", "azp")) {
            Object value = claims.getClaim(claim);
            if (value instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return "unnamed";
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String claim : List.of("scope", "scp")) {
            Object value = claims.getClaim(claim);
            if (value instanceof String text) {
                for (String scope : text.trim().split("\\s+")) {
                    if (!scope.isEmpty()) {
                        scopes.add(scope);
                    }
                }
            } else if (value instanceof Collection<?> list) {
                list.forEach(item -> scopes.add(String.valueOf(item)));
            }
        }
        return scopes;
    }

    private Set<String> groups(JWTClaimsSet claims) {
        Object value = claims.getClaims();
        for (String part : config.groupsClaim().split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        Set<String> groups = new LinkedHashSet<>();
        if (value instanceof String text) {
            groups.add(text);
        } else if (value instanceof Collection<?> list) {
            list.forEach(item -> groups.add(String.valueOf(item)));
        }
        return groups;
    }

    @Override
    public void close() throws IOException {
        if (keys instanceof Closeable closeable) {
            closeable.close();
        }
    }

    /** A claim check failed; the message is safe to show the client. */
    static final class ClaimRejected extends BadJWTException {
        private static final long serialVersionUID = 1L;

        ClaimRejected(String message) {
            super(message);
        }
    }

    /** Issuer, audience, expiry and not-before, each with its own clear message. */
    private static final class ClaimsCheck implements JWTClaimsSetVerifier<SecurityContext> {

        private final OAuthConfig config;

        ClaimsCheck(OAuthConfig config) {
            this.config = config;
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            long skew = config.clockSkew().toSeconds();
            Date now = new Date();
            if (!config.issuer().equals(claims.getIssuer())) {
                throw new ClaimRejected("the token was issued by another issuer; this server trusts only "
                        + config.issuer());
            }
            List<String> audience = claims.getAudience();
            if (audience == null || !audience.contains(config.audience())) {
                throw new ClaimRejected("the token's audience is not this server: request a token for "
                        + config.audience());
            }
            Date expiry = claims.getExpirationTime();
            if (expiry == null) {
                throw new ClaimRejected("the token has no expiry (exp); this server accepts only expiring tokens");
            }
            if (!DateUtils.isAfter(expiry, now, skew)) {
                throw new ClaimRejected("the token has expired; get a new one");
            }
            Date notBefore = claims.getNotBeforeTime();
            if (notBefore != null && !DateUtils.isBefore(notBefore, now, skew)) {
                throw new ClaimRejected("the token is not valid yet (nbf is in the future)");
            }
        }
    }
}
