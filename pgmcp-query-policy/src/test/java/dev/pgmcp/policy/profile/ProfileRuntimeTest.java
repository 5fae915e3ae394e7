package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.tools.PgmcpTool;
import dev.pgmcp.core.tools.ToolArguments;
import dev.pgmcp.core.tools.ToolException;
import dev.pgmcp.core.tools.ToolResult;
import dev.pgmcp.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Profiles in the runtime: tool lists, catalog filtering, and names checked against the database. */
class ProfileRuntimeTest {

    private static TestDatabase db;
    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        PolicyTestSchema.create(db);
        runtime = PolicyTestSchema.superuserRuntime(db, PolicyTestSchema.PROFILES);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
        PolicyTestSchema.drop(db);
    }

    private static ToolResult call(String profile, String tool, Map<String, Object> args) throws ToolException {
        PgmcpTool found = runtime.tools(profile).stream().filter(t -> t.definition().name().equals(tool))
                .findFirst().orElseThrow(() -> new AssertionError(tool + " is not offered to " + profile));
        return found.call(new ToolArguments(tool, args));
    }

    @SuppressWarnings("unchecked")
    private static List<String> names(ToolResult result, String listKey, String... fields) {
        List<Map<String, Object>> items = (List<Map<String, Object>>) (result.structured())
                .get(listKey);
        return items.stream().map(i -> fields.length == 2 ? i.get(fields[0]) + "." + i.get(fields[1])
                : String.valueOf(i.get(fields[0]))).toList();
    }

    @Test
    void eachProfileOffersItsTools() {
        assertThat(runtime.tools("sales_only")).extracting(t -> t.definition().name())
                .containsExactly("list_schemas", "list_tables", "describe_table", "execute_select");
        assertThat(runtime.tools("analyst")).extracting(t -> t.definition().name())
                .containsExactly("list_schemas", "list_tables", "describe_table", "execute_select");
        assertThatThrownBy(() -> runtime.tools("nobody")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no policy profile named 'nobody'");
    }

    @Test
    void aProfileMayOfferFewerTools() {
        try (PgmcpRuntime narrow = PolicyTestSchema.superuserRuntime(db, """
                profiles:
                  lookup: {tools: [describe_table, execute_select]}
                """)) {
            assertThat(narrow.tools("lookup")).extracting(t -> t.definition().name())
                    .containsExactly("describe_table", "execute_select");
            assertThat(narrow.tools("default")).hasSize(4);
        }
    }

    @Test
    void listSchemasAndTablesHideWhatTheProfileDenies() throws Exception {
        assertThat(names(call("sales_only", "list_schemas", Map.of()), "schemas", "name")).containsExactly("sales");
        List<String> tables = names(call("sales_only", "list_tables", Map.of()), "tables", "schema", "name");
        assertThat(tables).contains("sales.orders", "sales.products")
                .doesNotContain("sales.events", "sales.customers", "hr.employees");
        assertThat(names(call("analyst", "list_tables", Map.of()), "tables", "schema", "name"))
                .contains("hr.employees", "public.big_numbers")
                .doesNotContain("Analytics.PageViews", "public.audit_log", "sales.customer_order_totals");
        assertThatThrownBy(() -> call("sales_only", "list_tables", Map.of("schema", "hr")))
                .isInstanceOf(ToolException.class).hasMessageContaining("schema \"hr\" does not exist or is not readable")
                .hasMessageContaining("readable schemas: sales");
        assertThat(names(call("default", "list_tables", Map.of()), "tables", "schema", "name"))
                .contains("sales.customers", "hr.employees");
    }

    @Test
    void describeTableOmitsHiddenColumnsAndRefusesHiddenTables() throws Exception {
        ToolResult employees = call("analyst", "describe_table", Map.of("table", "hr.employees"));
        assertThat(names(employees, "columns", "name")).contains("id", "name", "salary").doesNotContain("ssn");
        assertThat(employees.text()).as("only the table comment mentions it").doesNotContain("ssn text");
        assertThat(names(call("default", "describe_table", Map.of("table", "hr.employees")), "columns", "name"))
                .contains("ssn");
        assertThatThrownBy(() -> call("sales_only", "describe_table", Map.of("table", "sales.customers")))
                .isInstanceOf(ToolException.class).hasMessageContaining("does not exist or is not readable");
        assertThatThrownBy(() -> call("sales_only", "describe_table", Map.of("table", "sales.events_2024_01")))
                .isInstanceOf(ToolException.class).hasMessageContaining("does not exist or is not readable");
        ToolResult orders = call("sales_only", "describe_table", Map.of("table", "orders", "schema", "sales"));
        assertThat(orders.text()).doesNotContain("sales.customers");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "tables: {deny: [sales.nonexistent]}|policy profile 'p': key 'tables.deny[0]': \"sales.nonexistent\" matches no table or view",
        "schemas: {allow: [sales, nowhere]}|policy profile 'p': key 'schemas.allow[1]': \"nowhere\" matches no schema",
        "columns: {deny: [hr.employees.social]}|key 'columns.deny[0]': \"hr.employees.social\" matches no column",
        "functions: {allow: [no_such_fn]}|key 'functions.allow[0]': \"no_such_fn\" matches no function",
        "tools: [execute_select, run_anything]|policy profile 'p' lists the tool 'run_anything', which does not exist",
    })
    void namesThatMatchNothingFailAtStartUp(String body, String message) {
        String yaml = "profiles:\n  p:\n    " + body + "\n";
        assertThatThrownBy(() -> PolicyTestSchema.superuserRuntime(db, yaml).close())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void existingNamesAndLimitsStart() {
        try (PgmcpRuntime ok = PolicyTestSchema.superuserRuntime(db, """
                profiles:
                  p:
                    schemas: {allow: ['"Analytics"', sales]}
                    tables: {deny: ["sales.events_*"]}
                    columns: {deny: [customers.email]}
                    functions: {allow: [pg_catalog.random]}
                    limits: {max-rows: 10}
                """)) {
            assertThat(ok.executor("p").limits().maxRowsCeiling()).isEqualTo(10);
            assertThat(ok.executor("p").limits().defaultMaxRows()).isEqualTo(10);
        }
    }

    @Test
    void aConfiguredDefaultReplacesTheBuiltInOne() throws Exception {
        try (PgmcpRuntime replaced = PolicyTestSchema.superuserRuntime(db, """
                profiles:
                  default: {columns: {deny: [hr.employees.ssn]}}
                """)) {
            assertThat(replaced.profileNames()).containsExactly("default");
            assertThatThrownBy(() -> replaced.executor().execute(
                    new dev.pgmcp.core.execution.QueryRequest("SELECT ssn FROM hr.employees", List.of(), null)))
                    .hasMessageContaining("policy 'default'");
        }
    }
}
