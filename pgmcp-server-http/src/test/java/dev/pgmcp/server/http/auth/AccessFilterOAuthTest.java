package dev.pgmcp.server.http.auth;

import static dev.pgmcp.server.http.auth.Tokens.claims;
import static dev.pgmcp.server.http.auth.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The OAuth resource server through real HTTP: Jetty with the filter, a local JWKS endpoint. */
class AccessFilterOAuthTest {

    static final String METADATA = "https://pgmcp.example.com/.well-known/oauth-protected-resource";
    static final String API_KEY = "pgmcp_" + "k".repeat(43);

    static RSAKey rsa = Tokens.rsa("rsa-1");
    static ECKey ec = Tokens.ec("ec-1");
    static Jwks jwks;
    static AuthServer server;
    static final List<String> secrets = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        jwks = new Jwks(rsa, ec);
        AccessConfig config = AccessConfigTest.parse("""
                access:
                  resource-url: %s
                  api-keys:
                    - {name: reporting-bot, sha256: %s, profile: support}
                  oauth:
                    issuer: %s
                    jwks-url: %s
                    required-scopes: [pgmcp.read]
                    profiles:
                      - {group: analysts, profile: analyst}
                      - {scope: pgmcp.support, profile: support}
                      - {subject: robot-7, profile: support}
                    default-profile: default
                """.formatted(Tokens.RESOURCE, HashKeyCommand.sha256Hex(API_KEY), Tokens.ISSUER, jwks.url()));
        server = AuthServer.start(config);
    }

    @AfterAll
    static void stop() throws Exception {
        for (String secret : secrets) {
            server.assertNotLogged(secret);
            String signature = secret.substring(secret.lastIndexOf('.') + 1);
            if (signature.length() >= 16) {
                server.assertNotLogged(signature);
            }
        }
        assertThat(server.logText()).contains("refused a request");
        server.close();
        jwks.close();
    }

    static HttpResponse<String> bearer(String token) throws Exception {
        secrets.add(token);
        return server.call("Authorization", "Bearer " + token);
    }

    /** Asserts a refusal: status, error code, a description containing {@code text}, a clean body. */
    static void refused(HttpResponse<String> response, int status, String error, String text) {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = dev.pgmcp.server.http.JsonResponses.JSON.readTree(response.body());
        assertThat(body.get("error").asString()).isEqualTo(error);
        assertThat(body.get("error_description").asString()).contains(text);
        assertThat(body.properties()).hasSize(2);
        assertClean(response.body());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        if (status == 401 || status == 403) {
            String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(challenge).startsWith("Bearer resource_metadata=\"" + METADATA + "\"");
            if (!error.equals("unauthorized")) {
                assertThat(challenge).contains("error=\"" + error + "\"", "error_description=\"");
            }
        }
    }

    /** No stack trace, exception or class name reaches a client. */
    static void assertClean(String body) {
        assertThat(body).doesNotContain("Exception", "dev.pgmcp", "com.nimbusds", "java.", "\tat ", "jakarta");
    }

    @Test
    void missingTokenGets401WithMetadataAndNoErrorCode() throws Exception {
        HttpResponse<String> response = server.call();
        refused(response, 401, "unauthorized", "requires authentication");
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly("Bearer resource_metadata=\"" + METADATA + "\"");
    }

    @Test
    void otherSchemesAndEmptyTokensAreRefused() throws Exception {
        refused(server.call("Authorization", "Basic YWxpY2U6c2VjcmV0"), 401, "unauthorized",
                "scheme 'basic' is not supported");
        refused(server.call("Authorization", "Bearer "), 400, "invalid_request", "empty");
        secrets.add(API_KEY);
        HttpResponse<String> bareKey = server.call("Authorization", API_KEY);
        refused(bareKey, 401, "unauthorized", "this Authorization header is not supported");
        assertThat(bareKey.body().toLowerCase(java.util.Locale.ROOT)).doesNotContain(API_KEY.toLowerCase(java.util.Locale.ROOT));
        refused(server.call("Authorization", "Bearer " + API_KEY, "X-API-Key", API_KEY), 400, "invalid_request",
                "one credential per request");
    }

    @Test
    void malformedTokenIsInvalid() throws Exception {
        refused(bearer("not-a-jwt-and-not-a-key"), 401, "invalid_token", "unknown API key");
        refused(bearer("not.a.jwt"), 401, "invalid_token", "not a well-formed JWT");
        refused(bearer("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"), 401, "invalid_token", "signature cannot be verified");
    }

    @Test
    void expiredToken() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        refused(bearer(sign(rsa, claims().expirationTime(Date.from(past)))), 401, "invalid_token", "expired");
    }

    @Test
    void tokenWithoutExpiry() throws Exception {
        refused(bearer(sign(rsa, claims().expirationTime(null))), 401, "invalid_token", "no expiry");
    }

    @Test
    void notYetValidToken() throws Exception {
        Instant future = Instant.now().plusSeconds(600);
        refused(bearer(sign(rsa, claims().notBeforeTime(Date.from(future)))), 401, "invalid_token", "not valid yet");
    }

    @Test
    void wrongAudience() throws Exception {
        refused(bearer(sign(rsa, claims().audience("https://other.example.com/mcp"))), 401, "invalid_token",
                "audience is not this server: request a token for " + Tokens.RESOURCE);
        refused(bearer(sign(rsa, claims().audience((String) null))), 401, "invalid_token", "audience");
    }

    @Test
    void wrongIssuer() throws Exception {
        refused(bearer(sign(rsa, claims().issuer("https://evil.example.com"))), 401, "invalid_token",
                "this server trusts only " + Tokens.ISSUER);
    }

    @Test
    void wronglySignedTokens() throws Exception {
        refused(bearer(sign(Tokens.rsa("rsa-1"), claims())), 401, "invalid_token", "signature cannot be verified");
        refused(bearer(sign(Tokens.rsa("someone-elses"), claims())), 401, "invalid_token",
                "signature cannot be verified");
        refused(bearer(sign(Tokens.ec("ec-1"), claims())), 401, "invalid_token", "signature cannot be verified");
    }

    @Test
    void algNoneIsRefused() throws Exception {
        refused(bearer(new PlainJWT(claims().build()).serialize()), 401, "invalid_token", "alg none");
    }

    @Test
    void hmacTokensAreRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                claims().build());
        jwt.sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()));
        refused(bearer(jwt.serialize()), 401, "invalid_token", "signature cannot be verified");
    }

    @Test
    void wrongTokenType() throws Exception {
        refused(bearer(sign(rsa, claims(), new JOSEObjectType("secevent+jwt"))), 401, "invalid_token", "typ");
    }

    @Test
    void missingRequiredScopeGets403() throws Exception {
        HttpResponse<String> response = bearer(sign(rsa, claims().claim("scope", "openid profile")));
        refused(response, 403, "insufficient_scope", "lacks the scope pgmcp.read");
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("scope=\"pgmcp.read\"");
    }

    @Test
    void validTokensMapToProfilesFirstMatchWins() throws Exception {
        assertThat(bearer(sign(rsa, claims())).body())
                .isEqualTo("profile=default caller=alice method=OAUTH groups=[] scopes=[openid, pgmcp.read]");
        assertThat(bearer(sign(rsa, claims().claim("groups", List.of("analysts", "staff")))).body())
                .startsWith("profile=analyst caller=alice method=OAUTH groups=[analysts, staff]");
        assertThat(bearer(sign(rsa, claims().claim("scope", "pgmcp.read pgmcp.support"))).body())
                .startsWith("profile=support ");
        assertThat(bearer(sign(rsa, claims().claim("scope", "pgmcp.read pgmcp.support")
                .claim("groups", List.of("analysts")))).body()).startsWith("profile=analyst ");
        assertThat(bearer(sign(rsa, claims().subject("robot-7"))).body()).startsWith("profile=support caller=robot-7");
        assertThat(bearer(sign(rsa, claims().claim("groups", "analysts"))).body()).startsWith("profile=analyst ");
    }

    @Test
    void callersNoRuleMatchesAreRefusedWhenTheDefaultProfileIsNone() throws Exception {
        AccessConfig refusing = AccessConfigTest.parse("""
                access:
                  resource-url: %s
                  oauth:
                    issuer: %s
                    jwks-url: %s
                    profiles: [{group: analysts, profile: analyst}]
                    default-profile: none
                """.formatted(Tokens.RESOURCE, Tokens.ISSUER, jwks.url()));
        try (AuthServer strict = AuthServer.start(refusing)) {
            String unmatched = sign(rsa, claims());
            String analyst = sign(rsa, claims().claim("groups", List.of("analysts")));
            secrets.add(unmatched);
            secrets.add(analyst);
            HttpResponse<String> refused = strict.call("Authorization", "Bearer " + unmatched);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("insufficient_scope");
            assertThat(refused.body()).contains("no profile rule matches").doesNotContain("Exception");
            assertThat(strict.call("Authorization", "Bearer " + analyst).body()).startsWith("profile=analyst ");
        }
    }

    @Test
    void es256AndScpClaimsAndAtJwtType() throws Exception {
        HttpResponse<String> response = bearer(sign(ec, claims().claim("scope", null)
                .claim("scp", List.of("pgmcp.read", "pgmcp.support")), new JOSEObjectType("at+jwt")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith("profile=support caller=alice method=OAUTH");
    }

    @Test
    void apiKeysWorkBesideOAuth() throws Exception {
        secrets.add(API_KEY);
        assertThat(server.call("Authorization", "Bearer " + API_KEY).body())
                .isEqualTo("profile=support caller=reporting-bot method=API_KEY groups=[] scopes=[]");
        assertThat(server.call("X-API-Key", API_KEY).body()).startsWith("profile=support caller=reporting-bot");
        refused(server.call("X-API-Key", "pgmcp_wrong" + "x".repeat(40)), 401, "invalid_token", "unknown API key");
    }

    @Test
    void metadataDocument() throws Exception {
        for (String path : List.of(ProtectedResourceMetadataServlet.PATH, ProtectedResourceMetadataServlet.PATH + "/mcp")) {
            HttpResponse<String> response = server.get(path);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            JsonNode document = dev.pgmcp.server.http.JsonResponses.JSON.readTree(response.body());
            assertThat(document.get("resource").asString()).isEqualTo(Tokens.RESOURCE);
            assertThat(document.get("authorization_servers").get(0).asString()).isEqualTo(Tokens.ISSUER);
            assertThat(document.get("authorization_servers")).hasSize(1);
            List<String> scopes = new ArrayList<>();
            document.get("scopes_supported").forEach(scope -> scopes.add(scope.asString()));
            assertThat(scopes).containsExactly("pgmcp.read", "pgmcp.support");
            assertThat(document.get("bearer_methods_supported").get(0).asString()).isEqualTo("header");
            assertThat(Set.copyOf(document.propertyNames())).contains("resource", "authorization_servers",
                    "scopes_supported", "bearer_methods_supported");
        }
    }
}
