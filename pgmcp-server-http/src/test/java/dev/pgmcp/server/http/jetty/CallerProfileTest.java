package dev.pgmcp.server.http.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.http.HttpSettings;
import dev.pgmcp.server.http.RequestAttributes;
import dev.pgmcp.testing.TestDatabase;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
 * The contract with an authentication filter: a filter given to the builder runs before the MCP
 * servlet, may refuse, and names the caller's profile in the request attribute; tools/list and
 * tools/call follow that profile. Extra servlets are served too.
 */
class CallerProfileTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PgmcpRuntime runtime;
    private static PgmcpHttpServer server;

    /** Stands in for the authentication filter: X-Test-Profile names the profile, X-Test-Deny refuses. */
    static final class TestAuthFilter extends HttpFilter {
        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            if (request.getHeader("X-Test-Deny") != null) {
                response.setStatus(401);
                return;
            }
            String profile = request.getHeader("X-Test-Profile");
            if (profile != null) {
                request.setAttribute(RequestAttributes.PROFILE, profile);
            }
            chain.doFilter(request, response);
        }
    }

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        runtime = PgmcpRuntime.builder().connection(ConnectionResolver.fromSystem().resolveJdbcUrl(db.readerJdbcUrl()))
                .start();
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, true, Duration.ofMinutes(5), 4, 4, 20, 65536,
                List.of(), List.of(), null, Duration.ofSeconds(5));
        server = PgmcpHttpServer.builder(settings, runtime, "test")
                .filter(new TestAuthFilter())
                .servlet("/.well-known/oauth-protected-resource", new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                        resp.setContentType("application/json");
                        resp.getWriter().write("{\"resource\":\"test\"}");
                    }
                })
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(5));
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final String LIST = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{"
            + "\"name\":\"list_schemas\",\"arguments\":{}}}";

    @Test
    void withoutAProfileTheCallerGetsTheDefaultOne() throws Exception {
        HttpResponse<String> list = post(LIST, Map.of());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"list_schemas\"").contains("\"execute_select\"");
        HttpResponse<String> call = post(CALL, Map.of("X-Test-Profile", PgmcpRuntime.DEFAULT_PROFILE));
        assertThat(call.body()).contains("sales").doesNotContain("\"isError\":true");
    }

    @Test
    void aProfileWithoutToolsSeesNoneAndCannotCallAny() throws Exception {
        HttpResponse<String> list = post(LIST, Map.of("X-Test-Profile", "support"));
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"tools\":[]");
        HttpResponse<String> call = post(CALL, Map.of("X-Test-Profile", "support"));
        assertThat(call.body()).contains("-32602").contains("unknown tool 'list_schemas'");
    }

    @Test
    void theFilterRunsBeforeTheServletAndExtraServletsAreServed() throws Exception {
        assertThat(post(LIST, Map.of("X-Test-Deny", "1")).statusCode()).isEqualTo(401);
        HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/.well-known/oauth-protected-resource")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.body()).isEqualTo("{\"resource\":\"test\"}");
    }
}
