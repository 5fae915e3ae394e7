package dev.pgmcp.server.http;

import dev.pgmcp.testing.ReaderConnection;
import static dev.pgmcp.server.http.NodeClient.call;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Callers identified by API keys get different policy profiles: the official client sees only its
 * profile's tools and tables, and every call is checked again by the server.
 */
class RoleBasedAccessIT {

    private static final String ANALYST_KEY = "analyst-key-0123456789abcdef0123456789";
    private static final String SUPPORT_KEY = "support-key-0123456789abcdef0123456789";

    @TempDir
    static Path dir;

    private static HttpProcess server;

    @BeforeAll
    static void start() throws Exception {
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, """
                profiles:
                  analyst:
                    columns: {deny: [hr.employees.salary, sales.customers.email]}
                  support:
                    schemas: {allow: [sales]}
                    tools: [list_tables, execute_select]
                access:
                  api-keys:
                    - {name: analyst-bot, sha256: %s, profile: analyst}
                    - {name: support-bot, sha256: %s, profile: support}
                """.formatted(sha256(ANALYST_KEY), sha256(SUPPORT_KEY)));
        int port = HttpProcess.freePort();
        List<String> args = ReaderConnection.args("--listen", "127.0.0.1:" + port, "--config", config.toString());
        server = HttpProcess.start(args, ReaderConnection.env(), port);
        server.awaitHealthy();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String sha256(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> toolNames(JsonNode output) {
        List<String> names = new ArrayList<>();
        output.path("tools").forEach(t -> names.add(t.path("name").asString()));
        return names;
    }

    @Test
    void theAnalystSeesEveryToolButNotTheHiddenColumn() throws Exception {
        JsonNode output = NodeClient.run(server.mcpUrl(), Map.of("Authorization", "Bearer " + ANALYST_KEY), List.of(
                call("execute_select", Map.of("sql", "SELECT salary FROM hr.employees")),
                call("execute_select", Map.of("sql", "SELECT row_to_json(c) FROM sales.customers c")),
                call("execute_select", Map.of("sql", "SELECT count(*) AS n FROM hr.employees")),
                call("describe_table", Map.of("table", "hr.employees"))));
        assertThat(toolNames(output)).containsExactly("list_schemas", "list_tables", "describe_table", "execute_select");
        JsonNode results = output.path("results");
        assertThat(results.get(0).path("isError").asBoolean()).isTrue();
        // The answer for a hidden column is the answer for a missing one: it never names the column.
        assertThat(results.get(0).path("text").asString()).contains("does not exist, or this profile does not show it")
                .contains("analyst").doesNotContain("salary");
        assertThat(results.get(1).path("isError").asBoolean()).isTrue();
        assertThat(results.get(1).path("text").asString()).contains("sales.customers").contains("analyst");
        assertThat(results.get(2).path("isError").asBoolean()).isFalse();
        assertThat(results.get(2).path("structuredContent").path("rows").get(0).get(0).asLong()).isEqualTo(24);
        assertThat(results.get(3).path("text").asString()).contains("email").doesNotContain("salary");
    }

    @Test
    void supportSeesTwoToolsAndOnlyTheSalesSchema() throws Exception {
        JsonNode output = NodeClient.run(server.mcpUrl(), Map.of("X-API-Key", SUPPORT_KEY), List.of(
                call("execute_select", Map.of("sql", "SELECT count(*) AS n FROM sales.orders")),
                call("execute_select", Map.of("sql", "SELECT name FROM hr.employees")),
                call("describe_table", Map.of("table", "sales.orders")),
                call("list_tables", Map.of("schema", "hr"))));
        assertThat(toolNames(output)).containsExactly("list_tables", "execute_select");
        JsonNode results = output.path("results");
        assertThat(results.get(0).path("isError").asBoolean()).isFalse();
        assertThat(results.get(1).path("isError").asBoolean()).isTrue();
        assertThat(results.get(1).path("text").asString()).contains("hr.employees").contains("support");
        assertThat(results.get(2).path("isError").asBoolean()).as("describe_table is outside the profile").isTrue();
        assertThat(results.get(2).path("text").asString()).contains("describe_table").doesNotContain("Exception");
        assertThat(results.get(3).path("text").asString()).doesNotContain("employees");
    }

    @Test
    void callersWithoutAValidKeyAreRefusedWithAChallenge() throws Exception {
        HttpResponse<String> none = RawMcp.post(server.mcpUrl(), RawMcp.INITIALIZE, Map.of());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        HttpResponse<String> wrong = RawMcp.post(server.mcpUrl(), RawMcp.INITIALIZE,
                Map.of("Authorization", "Bearer not-a-configured-key-0123456789abcdef"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).doesNotContain("Exception").doesNotContain("not-a-configured-key");
        assertThat(server.stderr()).doesNotContain(ANALYST_KEY).doesNotContain(SUPPORT_KEY)
                .doesNotContain("not-a-configured-key");
    }
}
