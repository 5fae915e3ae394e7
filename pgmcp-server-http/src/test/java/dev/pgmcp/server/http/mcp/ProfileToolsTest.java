package dev.pgmcp.server.http.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handler authorizes every call against the caller's profile, whatever tools/list showed. */
class ProfileToolsTest {

    private static PgmcpRuntime runtime;
    private static ProfileTools tools;

    @BeforeAll
    static void start() {
        runtime = PgmcpRuntime.builder().connection(ConnectionResolver.fromSystem()
                .resolveJdbcUrl(TestDatabase.get().readerJdbcUrl())).start();
        tools = new ProfileTools(runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static McpTransportContext as(String profile) {
        return McpTransportContext.create(Map.of(ProfileTools.CONTEXT_KEY, profile));
    }

    @Test
    void callsOfTheCallersProfileRun() {
        McpSchema.CallToolResult result = tools.call(as(PgmcpRuntime.DEFAULT_PROFILE),
                new McpSchema.CallToolRequest("list_schemas", Map.of()));
        assertThat(result.isError()).isFalse();
        assertThat(tools.isVisible(as(PgmcpRuntime.DEFAULT_PROFILE), McpSchema.Tool.builder("execute_select",
                Map.of("type", "object")).build())).isTrue();
    }

    @Test
    void anUnknownProfileIsRefusedInTheHandler() {
        McpSchema.CallToolResult result = tools.call(as("intruder"),
                new McpSchema.CallToolRequest("execute_select", Map.of("sql", "SELECT 1")));
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .contains("access profile 'intruder' is not configured");
        assertThat(tools.isVisible(as("intruder"), McpSchema.Tool.builder("execute_select",
                Map.of("type", "object")).build())).isFalse();
    }

    @Test
    void aToolOutsideTheProfileIsRefusedInTheHandler() {
        McpSchema.CallToolResult result = tools.call(as(PgmcpRuntime.DEFAULT_PROFILE),
                new McpSchema.CallToolRequest("drop_everything", Map.of()));
        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .contains("'drop_everything' is not available to your access profile 'default'")
                .contains("execute_select");
    }
}
