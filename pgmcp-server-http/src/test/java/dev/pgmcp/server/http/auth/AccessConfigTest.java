package dev.pgmcp.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.server.common.ConfigurationException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class AccessConfigTest {

    static final String HASH_A = "a".repeat(64);
    static final String HASH_B = "b".repeat(64);
    static final Set<String> PROFILES = Set.of("analyst", "support");

    static JsonNode yaml(String text) {
        return YAMLMapper.builder().build().readTree(text).get("access");
    }

    static AccessConfig parse(String text) {
        return AccessConfig.from(yaml(text), PROFILES);
    }

    /** Parses with no policy profile configured but the built-in default. */
    static AccessConfig parseWithoutProfiles(String text) {
        return AccessConfig.from(yaml(text), Set.of());
    }

    static void failsWithoutProfiles(String text, String... fragments) {
        assertThatThrownBy(() -> parseWithoutProfiles(text)).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    static void fails(String text, String... fragments) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(ConfigurationException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void theExampleInExamplesPgmcpYamlIsValid() throws Exception {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("..", "examples", "pgmcp.yaml"));
        StringBuilder block = new StringBuilder();
        boolean inside = false;
        for (String line : lines) {
            inside = inside ? line.startsWith("#  ") : line.equals("# access:");
            if (inside || line.equals("# access:")) {
                block.append(line.substring(2)).append('\n');
            }
        }
        AccessConfig example = parse(block.toString());
        assertThat(example.apiKeys()).extracting(ApiKey::name).containsExactly("reporting-bot");
        assertThat(example.oauth().orElseThrow().rules()).hasSize(2);
    }

    @Test
    void noSectionMeansNoAuthentication() {
        assertThat(AccessConfig.from(null, PROFILES).authenticates()).isFalse();
        assertThat(AccessConfig.none().apiKeys()).isEmpty();
    }

    @Test
    void fullSectionWithDefaults() {
        AccessConfig config = parse("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  api-keys:
                    - {name: bot, sha256: %s, profile: analyst}
                    - {name: ops, sha256: %s, profile: default}
                  oauth:
                    issuer: https://login.example.com/realms/acme
                    jwks-url: https://login.example.com/realms/acme/certs
                    required-scopes: [pgmcp.read]
                    profiles:
                      - {group: analysts, profile: analyst}
                      - {scope: pgmcp.support, profile: support}
                    default-profile: default
                """.formatted(HASH_A, HASH_B.toUpperCase()));
        assertThat(config.authenticates()).isTrue();
        assertThat(config.apiKeys()).extracting(ApiKey::name, ApiKey::profile, ApiKey::sha256Hex)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bot", "analyst", HASH_A),
                        org.assertj.core.groups.Tuple.tuple("ops", "default", HASH_B));
        OAuthConfig oauth = config.oauth().orElseThrow();
        assertThat(oauth.audience()).isEqualTo("https://pgmcp.example.com/mcp");
        assertThat(oauth.groupsClaim()).isEqualTo("groups");
        assertThat(oauth.defaultProfile()).isEqualTo("default");
        assertThat(oauth.clockSkew()).isEqualTo(AccessConfig.DEFAULT_CLOCK_SKEW);
        assertThat(oauth.scopesSupported()).containsExactly("pgmcp.read", "pgmcp.support");
        assertThat(oauth.rules()).extracting(ProfileRule::match)
                .containsExactly(ProfileRule.Match.GROUP, ProfileRule.Match.SCOPE);
        assertThat(config.metadataUrl()).contains("https://pgmcp.example.com/.well-known/oauth-protected-resource");
    }

    @Test
    void withoutProfilesCallersGetTheDefaultProfileImplicitly() {
        AccessConfig config = parseWithoutProfiles("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  api-keys: [{name: ops, sha256: %s}]
                  oauth: {issuer: https://login.example.com/, jwks-url: https://login.example.com/jwks}
                """.formatted(HASH_A));
        assertThat(config.apiKeys()).extracting(ApiKey::profile).containsExactly("default");
        assertThat(config.oauth().orElseThrow().defaultProfile()).isEqualTo("default");
    }

    @Test
    void withProfilesTheUnrestrictedDefaultMustBeChosenOnPurpose() {
        fails("access:\n  api-keys:\n    - {name: ops, sha256: " + HASH_A + "}\n",
                "access.api-keys[0].profile is required when policy profiles are configured", "'default'");
        fails("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth:
                    issuer: https://login.example.com/
                    jwks-url: https://login.example.com/jwks
                    profiles: [{group: analysts, profile: analyst}]
                """, "access.oauth.default-profile is required", "'none'");
        OAuthConfig refusing = parse("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth:
                    issuer: https://login.example.com/
                    jwks-url: https://login.example.com/jwks
                    profiles: [{group: analysts, profile: analyst}]
                    default-profile: none
                """).oauth().orElseThrow();
        assertThat(refusing.defaultProfile()).isNull();
        assertThat(refusing.profileFor(new Caller("eve", java.util.Set.of("staff"), java.util.Set.of(),
                Caller.Method.OAUTH))).isNull();
        assertThat(refusing.profileFor(new Caller("ann", java.util.Set.of("analysts"), java.util.Set.of(),
                Caller.Method.OAUTH))).isEqualTo("analyst");
    }

    @Test
    void explicitAudienceGroupsClaimSkewAndDefaultProfile() {
        OAuthConfig oauth = parse("""
                access:
                  resource-url: https://pgmcp.example.com:8443/mcp
                  oauth:
                    issuer: https://login.example.com/
                    jwks-url: https://login.example.com/jwks
                    audience: api://pgmcp
                    groups-claim: realm_access.roles
                    default-profile: support
                    clock-skew: 10s
                """).oauth().orElseThrow();
        assertThat(oauth.audience()).isEqualTo("api://pgmcp");
        assertThat(oauth.groupsClaim()).isEqualTo("realm_access.roles");
        assertThat(oauth.defaultProfile()).isEqualTo("support");
        assertThat(oauth.clockSkew()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void unknownKeysAreNamedWithTheirPath() {
        fails("access:\n  api-key: []\n", "unknown key 'api-key' in access", "known keys: api-keys, oauth, resource-url");
        fails("access:\n  api-keys:\n    - {name: a, sha256: " + HASH_A + ", role: x}\n",
                "unknown key 'role' in access.api-keys[0]");
        fails("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth: {issuer: https://i.example.com, jwks-url: https://i.example.com/k, audiance: x}
                """, "unknown key 'audiance' in access.oauth");
        fails("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth:
                    issuer: https://i.example.com
                    jwks-url: https://i.example.com/k
                    profiles: [{groups: a, profile: analyst}]
                """, "unknown key 'groups' in access.oauth.profiles[0]");
    }

    @Test
    void unknownProfilesFail() {
        fails("access:\n  api-keys:\n    - {name: a, sha256: " + HASH_A + ", profile: admin}\n",
                "access.api-keys[0].profile: unknown profile 'admin'", "known profiles: analyst, default, support");
        fails("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth:
                    issuer: https://i.example.com
                    jwks-url: https://i.example.com/k
                    profiles: [{scope: x, profile: analyst}, {group: g, profile: nobody}]
                """, "access.oauth.profiles[1].profile: unknown profile 'nobody'");
        fails("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth: {issuer: https://i.example.com, jwks-url: https://i.example.com/k, default-profile: x}
                """, "access.oauth.default-profile: unknown profile 'x'");
    }

    @Test
    void apiKeyHashesMustBeSha256HexAndNamesUnique() {
        failsWithoutProfiles("access:\n  api-keys:\n    - {name: a, sha256: not-hex}\n", "access.api-keys[0].sha256 must be the 64 "
                + "hexadecimal characters", "hash-key");
        failsWithoutProfiles("access:\n  api-keys:\n    - {name: a, sha256: " + HASH_A.substring(1) + "}\n",
                "access.api-keys[0].sha256");
        failsWithoutProfiles("access:\n  api-keys:\n    - {name: a, sha256: " + HASH_A + "}\n    - {name: a, sha256: " + HASH_B
                + "}\n", "access.api-keys[1].name", "'a' is used twice");
        failsWithoutProfiles("access:\n  api-keys:\n    - {name: a, sha256: " + HASH_A + "}\n    - {name: b, sha256: " + HASH_A
                + "}\n", "access.api-keys[1].sha256 is the same as that of key 'a'");
        failsWithoutProfiles("access:\n  api-keys:\n    - {sha256: " + HASH_A + "}\n", "access.api-keys[0].name is required");
        failsWithoutProfiles("access:\n  api-keys: {name: a}\n", "access.api-keys must be a list");
    }

    @Test
    void oauthNeedsResourceUrlIssuerAndHttpsJwks() {
        fails("access:\n  oauth: {issuer: https://i.example.com, jwks-url: https://i.example.com/k}\n",
                "access.resource-url is required with access.oauth");
        fails("access:\n  resource-url: https://p.example.com/mcp\n  oauth: {jwks-url: https://i.example.com/k}\n",
                "access.oauth.issuer is required");
        fails("access:\n  resource-url: https://p.example.com/mcp\n  oauth: {issuer: https://i.example.com}\n",
                "access.oauth.jwks-url is required");
        fails("access:\n  resource-url: https://p.example.com/mcp\n  oauth: {issuer: https://i.example.com, "
                + "jwks-url: http://i.example.com/k}\n", "access.oauth.jwks-url must use https://");
        fails("access:\n  resource-url: pgmcp.example.com/mcp\n  api-keys: [{name: a, sha256: " + HASH_A + "}]\n",
                "access.resource-url must be an absolute https:// URL");
        fails("access:\n  resource-url: https://p.example.com/mcp\n  oauth: {issuer: https://i.example.com, "
                + "jwks-url: https://i.example.com/k, clock-skew: 1h}\n", "access.oauth.clock-skew must be at most");
        fails("access:\n  resource-url: https://p.example.com/mcp\n  oauth: {issuer: https://i.example.com, "
                + "jwks-url: https://i.example.com/k, clock-skew: soon}\n", "access.oauth.clock-skew",
                "is not a duration");
    }

    @Test
    void loopbackHttpIsAllowedForLocalIssuers() {
        AccessConfig config = parseWithoutProfiles("access:\n  resource-url: http://127.0.0.1:8080/mcp\n  oauth: "
                + "{issuer: http://localhost:9000, jwks-url: http://127.0.0.1:9000/jwks}\n");
        assertThat(config.oauth().orElseThrow().jwksUrl().getPort()).isEqualTo(9000);
    }

    @Test
    void rulesNeedExactlyOneMatcher() {
        fails("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth:
                    issuer: https://i.example.com
                    jwks-url: https://i.example.com/k
                    profiles: [{group: a, scope: b, profile: analyst}]
                """, "access.oauth.profiles[0] must have exactly one of 'group', 'scope' or 'subject'");
        fails("""
                access:
                  resource-url: https://pgmcp.example.com/mcp
                  oauth:
                    issuer: https://i.example.com
                    jwks-url: https://i.example.com/k
                    profiles: [{group: a}]
                """, "access.oauth.profiles[0].profile is required");
    }

    @Test
    void aSectionWithoutAnyMethodFails() {
        fails("access:\n  resource-url: https://pgmcp.example.com/mcp\n", "configures no authentication");
        fails("access: [1]\n", "access must be a mapping");
    }

    @Test
    void listenRuleRequiresAuthenticationBeyondLoopback() {
        AccessConfig keys = parseWithoutProfiles("access:\n  api-keys: [{name: a, sha256: " + HASH_A + "}]\n");
        ListenRule.check("127.0.0.1", AccessConfig.none());
        ListenRule.check("::1", AccessConfig.none());
        ListenRule.check("[::1]", AccessConfig.none());
        ListenRule.check("localhost", AccessConfig.none());
        ListenRule.check("0.0.0.0", keys);
        for (String host : new String[] {"0.0.0.0", "::", "192.0.2.10", "", "*"}) {
            assertThatThrownBy(() -> ListenRule.check(host, AccessConfig.none()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("requires authentication")
                    .hasMessageContaining("docs/http-auth.md");
        }
    }
}
