package dev.pgmcp.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.runtime.RuntimeProfile;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog tools of a profile with a role read the catalog as that role, so PostgreSQL's
 * privileges filter what they show, under the profile's own visibility filter. The login role
 * {@code pgmcp_profile_login} holds no grant itself (NOINHERIT); its profile role
 * {@code pgmcp_guarded} may read sales, public, hr.departments and hr.employees but for column ssn,
 * and nothing in schema "Analytics". The profiles here show everything (no visibility filter) or
 * hide hr.departments, so every difference to that comes from the role's grants.
 */
class ProfileRoleCatalogToolsTest {

    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        CatalogVisibility noDepartments = new CatalogVisibility() {
            @Override
            public boolean relationVisible(String schema, String name) {
                return !(schema.equals("hr") && name.equals("departments"));
            }
        };
        runtime = PgmcpRuntime.builder()
                .connection(resolver.resolveJdbcUrl(db.profileLoginJdbcUrl()))
                .profiles(context -> List.of(
                        new RuntimeProfile("open", QueryPolicy.PERMIT_ALL, context.defaultLimits(),
                                CatalogVisibility.ALL, null, "pgmcp_guarded"),
                        new RuntimeProfile("filtered", QueryPolicy.PERMIT_ALL, context.defaultLimits(),
                                noDepartments, null, "pgmcp_guarded")))
                .start();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static PgmcpTool tool(String profile, String name) {
        return runtime.tools(profile).stream().filter(t -> t.definition().name().equals(name)).findFirst()
                .orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<String> tables(String profile, Map<String, Object> arguments) throws Exception {
        ToolResult result = tool(profile, "list_tables").call(new ToolArguments("list_tables", arguments));
        return ((List<Map<String, Object>>) result.structured().get("tables")).stream()
                .map(t -> t.get("schema") + "." + t.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Boolean> columns(String profile, String table) throws Exception {
        ToolResult result = tool(profile, "describe_table").call(new ToolArguments("describe_table",
                Map.of("table", table)));
        Map<String, Boolean> readable = new java.util.LinkedHashMap<>();
        for (Map<String, Object> column : (List<Map<String, Object>>) result.structured().get("columns")) {
            readable.put((String) column.get("name"), (Boolean) column.get("readable"));
        }
        return readable;
    }

    @Test
    void listTablesShowsWhatTheProfileRoleMayReadAndNotWhatItMayNot() throws Exception {
        List<String> open = tables("open", Map.of());
        assertThat(open).contains("sales.orders", "hr.employees", "hr.departments")
                .as("the profile shows \"Analytics\", the role may not read it").noneMatch(t -> t.startsWith("Analytics."));
        assertThat(tables("filtered", Map.of())).contains("sales.orders", "hr.employees")
                .doesNotContain("hr.departments").noneMatch(t -> t.startsWith("Analytics."));
        assertThat(tables(PgmcpRuntime.DEFAULT_PROFILE, Map.of())).as("the login role itself reads nothing")
                .doesNotContain("sales.orders", "hr.employees");
        assertThatThrownBy(() -> tables("open", Map.of("schema", "Analytics"))).isInstanceOf(ToolException.class)
                .hasMessageContaining("does not exist or is not readable");
    }

    @Test
    void describeTableMarksTheColumnsTheProfileRoleMayNotRead() throws Exception {
        Map<String, Boolean> employees = columns("open", "hr.employees");
        assertThat(employees).containsEntry("name", true).containsEntry("salary", true).containsEntry("ssn", false);
        assertThatThrownBy(() -> columns("open", "\"Analytics\".\"PageViews\"")).isInstanceOf(ToolException.class)
                .hasMessageContaining("does not exist or is not readable");
        assertThatThrownBy(() -> columns(PgmcpRuntime.DEFAULT_PROFILE, "hr.employees"))
                .as("as the login role the table is not readable").isInstanceOf(ToolException.class);
        assertThatThrownBy(() -> columns("filtered", "hr.departments")).isInstanceOf(ToolException.class);
    }

    @Test
    void listSchemasShowsTheSchemasTheProfileRoleMayUse() throws Exception {
        ToolResult result = tool("open", "list_schemas").call(new ToolArguments("list_schemas", Map.of()));
        assertThat(result.text()).contains("sales").contains("hr").doesNotContain("Analytics");
    }
}
