package dev.pgmcp.server.http.auth;

import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.common.ConfigurationException;
import dev.pgmcp.server.common.Durations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Who may call the HTTP host and which policy profile each caller gets: the {@code access}
 * section of the configuration file, validated once at start-up.
 *
 * <pre>
 * access:
 *   resource-url: https://pgmcp.example.com/mcp
 *   api-keys:
 *     - {name: reporting-bot, sha256: 3b1f..., profile: analyst}
 *   oauth:
 *     issuer: https://login.example.com/realms/acme
 *     jwks-url: https://login.example.com/realms/acme/protocol/openid-connect/certs
 *     required-scopes: [pgmcp.read]
 *     profiles: [{group: analysts, profile: analyst}, {scope: pgmcp.support, profile: support}]
 * </pre>
 */
public final class AccessConfig {

    /** The clock skew allowed for {@code exp} and {@code nbf} unless {@code clock-skew} says otherwise. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Set<String> KEYS = Set.of("resource-url", "api-keys", "oauth");
    private static final Set<String> KEY_KEYS = Set.of("name", "sha256", "profile");
    private static final Set<String> OAUTH_KEYS = Set.of("issuer", "jwks-url", "audience", "required-scopes",
            "groups-claim", "profiles", "default-profile", "clock-skew");
    private static final Set<String> RULE_KEYS = Set.of("group", "scope", "subject", "profile");
    private static final AccessConfig NONE = new AccessConfig(null, List.of(), null);

    private final URI resourceUrl;
    private final List<ApiKey> apiKeys;
    private final OAuthConfig oauth;

    private AccessConfig(URI resourceUrl, List<ApiKey> apiKeys, OAuthConfig oauth) {
        this.resourceUrl = resourceUrl;
        this.apiKeys = List.copyOf(apiKeys);
        this.oauth = oauth;
    }

    /** No access section: nobody is authenticated, everyone gets the default profile (loopback only). */
    public static AccessConfig none() {
        return NONE;
    }

    /**
     * Reads and validates the access section.
     *
     * @param section {@code ServerOptions.configFile().section("access")}; null means {@link #none()}
     * @param knownProfiles the policy profile names that exist; {@code default} always does
     * @throws ConfigurationException naming the key that is wrong and what to write instead
     */
    public static AccessConfig from(JsonNode section, Set<String> knownProfiles) {
        if (section == null || section.isNull() || section.isMissingNode()) {
            return NONE;
        }
        Set<String> profiles = new TreeSet<>(knownProfiles);
        profiles.add(PgmcpRuntime.DEFAULT_PROFILE);
        ConfigReader access = ConfigReader.mapping(section, "access", KEYS);
        URI resourceUrl = access.url("resource-url");
        List<ApiKey> apiKeys = apiKeys(access, profiles);
        OAuthConfig oauth = access.has("oauth") ? oauth(access, resourceUrl, profiles) : null;
        if (apiKeys.isEmpty() && oauth == null) {
            throw new ConfigurationException("the access section configures no authentication: add 'api-keys' "
                    + "or 'oauth' (see docs/http-auth.md), or remove the section to serve loopback callers "
                    + "without authentication");
        }
        return new AccessConfig(resourceUrl, apiKeys, oauth);
    }

    private static List<ApiKey> apiKeys(ConfigReader access, Set<String> profiles) {
        List<ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<JsonNode> items = access.list("api-keys");
        for (int i = 0; i < items.size(); i++) {
            String path = "access.api-keys[" + i + "]";
            ConfigReader item = ConfigReader.mapping(items.get(i), path, KEY_KEYS);
            String name = item.string("name");
            if (!names.add(name)) {
                throw new ConfigurationException(path + ".name: the name '" + name
                        + "' is used twice; every API key needs its own name");
            }
            String hex = item.string("sha256");
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new ConfigurationException(path + ".sha256 must be the 64 hexadecimal characters of the key's "
                        + "SHA-256 (never the key itself); make one with 'pgmcp-http hash-key'");
            }
            ApiKey key = new ApiKey(name, HexFormat.of().parseHex(hex), profile(item, "profile", profiles));
            for (ApiKey other : keys) {
                if (other.sameDigest(key)) {
                    throw new ConfigurationException(path + ".sha256 is the same as that of key '" + other.name()
                            + "'; give every caller its own key");
                }
            }
            keys.add(key);
        }
        return keys;
    }

    private static OAuthConfig oauth(ConfigReader access, URI resourceUrl, Set<String> profiles) {
        ConfigReader oauth = ConfigReader.mapping(access.node("oauth"), "access.oauth", OAUTH_KEYS);
        if (resourceUrl == null) {
            throw new ConfigurationException("access.resource-url is required with access.oauth: it is this "
                    + "server's public URL (for example https://pgmcp.example.com/mcp), the tokens' audience and the "
                    + "resource in the protected resource metadata");
        }
        String issuer = oauth.string("issuer");
        ConfigReader.url(oauth.path("issuer"), issuer);
        URI jwksUrl = oauth.url("jwks-url");
        if (jwksUrl == null) {
            throw new ConfigurationException("access.oauth.jwks-url is required: the issuer's JWKS address (the "
                    + "'jwks_uri' of its /.well-known/openid-configuration)");
        }
        String audience = oauth.optionalString("audience");
        String groupsClaim = oauth.optionalString("groups-claim");
        Duration skew = DEFAULT_CLOCK_SKEW;
        if (oauth.has("clock-skew")) {
            try {
                skew = Durations.parse(oauth.optionalString("clock-skew"));
            } catch (RuntimeException e) {
                throw new ConfigurationException(oauth.path("clock-skew") + ": " + e.getMessage());
            }
            if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new ConfigurationException(oauth.path("clock-skew") + " must be at most 5min");
            }
        }
        List<ProfileRule> rules = new ArrayList<>();
        List<JsonNode> items = oauth.list("profiles");
        for (int i = 0; i < items.size(); i++) {
            String path = "access.oauth.profiles[" + i + "]";
            ConfigReader item = ConfigReader.mapping(items.get(i), path, RULE_KEYS);
            List<ProfileRule.Match> matches = new ArrayList<>();
            for (ProfileRule.Match match : ProfileRule.Match.values()) {
                if (item.has(match.key())) {
                    matches.add(match);
                }
            }
            if (matches.size() != 1) {
                throw new ConfigurationException(path + " must have exactly one of 'group', 'scope' or 'subject', "
                        + "and a 'profile', like {group: analysts, profile: analyst}");
            }
            ProfileRule.Match match = matches.get(0);
            rules.add(new ProfileRule(match, item.string(match.key()), item.string("profile")));
            profile(item, "profile", profiles);
        }
        String defaultProfile = oauth.has("default-profile") && "none".equals(oauth.string("default-profile"))
                ? null : profile(oauth, "default-profile", profiles);
        return new OAuthConfig(issuer, jwksUrl, audience == null ? resourceUrl.toString() : audience,
                oauth.strings("required-scopes"), groupsClaim == null ? "groups" : groupsClaim, rules,
                defaultProfile, skew);
    }

    /**
     * The profile named under {@code key}. Left out, it is the default profile, but only when no
     * other profile exists: once policy profiles are configured, the unrestricted default must be
     * chosen on purpose, so that a forgotten line cannot give a caller everything.
     */
    private static String profile(ConfigReader item, String key, Set<String> profiles) {
        if (!item.has(key) && profiles.size() > 1) {
            throw new ConfigurationException(item.path(key) + " is required when policy profiles are configured ("
                    + String.join(", ", profiles) + "): name the profile these callers get"
                    + (key.equals("default-profile") ? ", or 'none' to refuse callers no rule matches" : "")
                    + "; write '" + PgmcpRuntime.DEFAULT_PROFILE + "' to give them the unrestricted default on purpose");
        }
        String profile = item.has(key) ? item.string(key) : PgmcpRuntime.DEFAULT_PROFILE;
        if (!profiles.contains(profile)) {
            throw new ConfigurationException(item.path(key) + ": unknown profile '" + profile
                    + "'; known profiles: " + String.join(", ", profiles) + " (define profiles in the 'profiles' section)");
        }
        return profile;
    }

    /** Whether callers must authenticate (API keys or OAuth are configured). */
    public boolean authenticates() {
        return !apiKeys.isEmpty() || oauth != null;
    }

    /** This server's public URL, when configured. */
    public Optional<URI> resourceUrl() {
        return Optional.ofNullable(resourceUrl);
    }

    public List<ApiKey> apiKeys() {
        return apiKeys;
    }

    public Optional<OAuthConfig> oauth() {
        return Optional.ofNullable(oauth);
    }

    /**
     * Where clients find the protected resource metadata: the resource URL's origin followed by
     * {@link ProtectedResourceMetadataServlet#PATH}; empty without a resource URL.
     */
    public Optional<String> metadataUrl() {
        return resourceUrl().map(url -> url.getScheme() + "://" + url.getRawAuthority()
                + ProtectedResourceMetadataServlet.PATH);
    }
}
