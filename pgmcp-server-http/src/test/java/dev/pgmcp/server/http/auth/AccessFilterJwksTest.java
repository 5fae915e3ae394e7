package dev.pgmcp.server.http.auth;

import static dev.pgmcp.server.http.auth.Tokens.claims;
import static dev.pgmcp.server.http.auth.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The issuer's key set: caching, rotation, an unreachable issuer, a nested groups claim. */
class AccessFilterJwksTest {

    static AccessConfig config(String jwksUrl, String groupsClaim) {
        return AccessConfigTest.parse("""
                access:
                  resource-url: %s
                  oauth:
                    issuer: %s
                    jwks-url: %s
                    groups-claim: %s
                    profiles: [{group: analysts, profile: analyst}]
                    default-profile: default
                """.formatted(Tokens.RESOURCE, Tokens.ISSUER, jwksUrl, groupsClaim));
    }

    @Test
    void keysAreCachedAndARotatedKeyIsFetched() throws Exception {
        RSAKey first = Tokens.rsa("2026-01");
        RSAKey second = Tokens.rsa("2026-02");
        try (Jwks jwks = new Jwks(first); AuthServer server = AuthServer.start(config(jwks.url(), "groups"))) {
            for (int i = 0; i < 3; i++) {
                assertThat(server.call("Authorization", "Bearer " + sign(first, claims())).statusCode()).isEqualTo(200);
            }
            assertThat(jwks.requests()).isEqualTo(1);
            jwks.publish(first, second);
            HttpResponse<String> rotated = server.call("Authorization", "Bearer " + sign(second, claims()));
            assertThat(rotated.statusCode()).isEqualTo(200);
            assertThat(jwks.requests()).isEqualTo(2);
            List<Thread> refreshers = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> thread.getName().equals("pgmcp-jwks-refresh")).toList();
            assertThat(refreshers).isNotEmpty().allMatch(Thread::isDaemon);
        }
    }

    @Test
    void unreachableIssuerKeysGive503WithoutDetails() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + closedPort + "/jwks";
        try (AuthServer server = AuthServer.start(config(url, "groups"))) {
            String token = sign(Tokens.rsa("k"), claims());
            HttpResponse<String> response = server.call("Authorization", "Bearer " + token);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.body()).startsWith("{\"error\":\"temporarily_unavailable\"")
                    .doesNotContain(url, "127.0.0.1");
            AccessFilterOAuthTest.assertClean(response.body());
            assertThat(server.logText()).contains("cannot fetch the issuer's signing keys from " + url);
            server.assertNotLogged(token);
        }
    }

    @Test
    void nestedGroupsClaim() throws Exception {
        RSAKey key = Tokens.rsa("k1");
        try (Jwks jwks = new Jwks(key);
                AuthServer server = AuthServer.start(config(jwks.url(), "realm_access.roles"))) {
            String nested = sign(key, claims().claim("realm_access", Map.of("roles", List.of("analysts"))));
            assertThat(server.call("Authorization", "Bearer " + nested).body())
                    .startsWith("profile=analyst caller=alice method=OAUTH groups=[analysts]");
            String flat = sign(key, claims().claim("groups", List.of("analysts")));
            assertThat(server.call("Authorization", "Bearer " + flat).body()).startsWith("profile=default ");
        }
    }
}
