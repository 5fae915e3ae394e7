package dev.pgmcp.server.http.auth;

import static dev.pgmcp.server.http.auth.AccessFilterOAuthTest.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** API keys only, and no access section at all, through real HTTP. */
class AccessFilterApiKeyTest {

    static final String BOT_KEY = HashKeyCommand.generate();
    static final String OPS_KEY = HashKeyCommand.generate();

    static AccessConfig keys() {
        return AccessConfigTest.parse("""
                access:
                  api-keys:
                    - {name: reporting-bot, sha256: %s, profile: analyst}
                    - {name: ops, sha256: %s, profile: support}
                    - {name: fallback, sha256: %s, profile: default}
                """.formatted(HashKeyCommand.sha256Hex(BOT_KEY), HashKeyCommand.sha256Hex(OPS_KEY),
                AccessConfigTest.HASH_A));
    }

    @Test
    void severalKeysEachWithItsProfile() throws Exception {
        try (AuthServer server = AuthServer.start(keys())) {
            assertThat(server.call("Authorization", "Bearer " + BOT_KEY).body())
                    .isEqualTo("profile=analyst caller=reporting-bot method=API_KEY groups=[] scopes=[]");
            assertThat(server.call("authorization", "bearer " + OPS_KEY).body())
                    .startsWith("profile=support caller=ops method=API_KEY");
            assertThat(server.call("X-API-Key", BOT_KEY).body()).startsWith("profile=analyst caller=reporting-bot");
            assertThat(server.call("x-api-key", OPS_KEY).body()).startsWith("profile=support caller=ops");
            server.assertNotLogged(BOT_KEY);
            server.assertNotLogged(OPS_KEY);
        }
    }

    @Test
    void wrongKeysAreRefusedWithoutMetadata() throws Exception {
        String wrong = HashKeyCommand.generate();
        try (AuthServer server = AuthServer.start(keys())) {
            for (HttpResponse<String> response : java.util.List.of(server.call("Authorization", "Bearer " + wrong),
                    server.call("X-API-Key", wrong), server.call("X-API-Key", BOT_KEY.substring(1)),
                    server.call("Authorization", "Bearer " + BOT_KEY + "x"))) {
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.body()).isEqualTo(
                        "{\"error\":\"invalid_token\",\"error_description\":\"unknown API key\"}");
                assertThat(response.headers().firstValue("WWW-Authenticate")).contains(
                        "Bearer realm=\"pgmcp\", error=\"invalid_token\", error_description=\"unknown API key\"");
            }
            HttpResponse<String> missing = server.call();
            assertThat(missing.statusCode()).isEqualTo(401);
            assertThat(missing.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"pgmcp\"");
            assertThat(missing.body()).contains("with an API key");
            HttpResponse<String> twice = server.call("X-API-Key", BOT_KEY, "X-API-Key", OPS_KEY);
            assertThat(twice.statusCode()).isEqualTo(400);
            assertClean(twice.body());
            assertThat(server.get(ProtectedResourceMetadataServlet.PATH).statusCode()).isEqualTo(404);
            server.assertNotLogged(wrong);
            server.assertNotLogged(BOT_KEY.substring(1));
        }
    }

    @Test
    void withoutAccessSectionEveryoneIsAnonymousWithTheDefaultProfile() throws Exception {
        try (AuthServer server = AuthServer.start(AccessConfig.none())) {
            assertThat(server.call().body())
                    .isEqualTo("profile=default caller=anonymous method=ANONYMOUS groups=[] scopes=[]");
            assertThat(server.call("Authorization", "Bearer whatever").body()).startsWith("profile=default ");
        }
    }
}
