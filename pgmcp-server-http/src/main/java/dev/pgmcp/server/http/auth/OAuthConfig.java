package dev.pgmcp.server.http.auth;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code access.oauth} settings: which issuer's JWT access tokens are accepted and how
 * their callers map to policy profiles.
 *
 * @param issuer the exact {@code iss} value tokens must carry
 * @param jwksUrl where the issuer publishes its signing keys (JWKS)
 * @param audience the {@code aud} value tokens must contain (defaults to the resource URL)
 * @param requiredScopes scopes every token must have; a token without them gets 403
 * @param groupsClaim the claim holding the caller's groups; dots descend into objects
 *     ({@code realm_access.roles})
 * @param rules profile rules, first match wins
 * @param defaultProfile the profile of a caller no rule matches, or null to refuse such a caller
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 */
public record OAuthConfig(String issuer, URI jwksUrl, String audience, List<String> requiredScopes,
        String groupsClaim, List<ProfileRule> rules, String defaultProfile, Duration clockSkew) {

    public OAuthConfig {
        requiredScopes = List.copyOf(requiredScopes);
        rules = List.copyOf(rules);
    }

    /**
     * The profile of {@code caller}: the first matching rule's, else the default profile; null when
     * no rule matches and the configuration refuses such callers ({@code default-profile: none}).
     */
    public String profileFor(Caller caller) {
        for (ProfileRule rule : rules) {
            if (rule.matches(caller)) {
                return rule.profile();
            }
        }
        return defaultProfile;
    }

    /** The scopes this server knows of: the required ones, then those named by rules. */
    public Set<String> scopesSupported() {
        Set<String> scopes = new LinkedHashSet<>(requiredScopes);
        for (ProfileRule rule : rules) {
            if (rule.match() == ProfileRule.Match.SCOPE) {
                scopes.add(rule.value());
            }
        }
        return scopes;
    }
}
