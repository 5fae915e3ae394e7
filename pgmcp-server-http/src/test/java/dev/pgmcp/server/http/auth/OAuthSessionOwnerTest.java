package dev.pgmcp.server.http.auth;

import static dev.pgmcp.server.http.auth.Tokens.claims;
import static dev.pgmcp.server.http.auth.Tokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.http.HttpSettings;
import dev.pgmcp.server.http.jetty.PgmcpHttpServer;
import dev.pgmcp.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions are bound to the OAuth subject that created them: the real server (sessionful, with the
 * access filter and a local JWKS endpoint) answers another subject's requests with the session id
 * as for an unknown session, and keeps serving the owner, with a fresh token too.
 */
class OAuthSessionOwnerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    private static final RSAKey KEY = Tokens.rsa("rsa-session");
    private static Jwks jwks;
    private static PgmcpRuntime runtime;
    private static PgmcpHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        jwks = new Jwks(KEY);
        AccessConfig access = AccessConfigTest.parseWithoutProfiles("""
                access:
                  resource-url: %s
                  oauth:
                    issuer: %s
                    jwks-url: %s
                    default-profile: default
                """.formatted(Tokens.RESOURCE, Tokens.ISSUER, jwks.url()));
        TestDatabase db = TestDatabase.get();
        runtime = PgmcpRuntime.builder().connection(ConnectionResolver.fromSystem().resolveJdbcUrl(db.readerJdbcUrl()))
                .start();
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, false, Duration.ofMinutes(5), 4, 4, 20, 65536,
                List.of(), List.of(), null, Duration.ofSeconds(5));
        server = PgmcpHttpServer.builder(settings, runtime, "test").filter(new AccessFilter(access)).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop(Duration.ofSeconds(5));
        }
        if (runtime != null) {
            runtime.close();
        }
        jwks.close();
    }

    private static HttpResponse<String> post(String body, String subject, String session) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + sign(KEY, claims().subject(subject)))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anotherSubjectGetsNotFoundAndTheOwnerKeepsItsSession() throws Exception {
        HttpResponse<String> init = post(INITIALIZE, "alice", null);
        assertThat(init.statusCode()).isEqualTo(200);
        String session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();

        HttpResponse<String> bob = post(LIST, "bob", session);
        assertThat(bob.statusCode()).isEqualTo(404);
        assertThat(bob.body()).contains("Session not found").doesNotContain("execute_select");
        HttpResponse<String> unknown = post(LIST, "bob", session + "x");
        assertThat(bob.body()).isEqualTo(unknown.body().replace(session + "x", session));

        HttpResponse<String> alice = post(LIST, "alice", session);
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).contains("execute_select");
    }
}
