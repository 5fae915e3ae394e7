package dev.pgmcp.policy.profile;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Objects the profile tests need beyond the fixture, in their own schema {@code policy_test}: a
 * table with a password column, views over hr.employees with and without its ssn column, and a
 * VOLATILE user function. Created as superuser, dropped afterwards.
 */
final class PolicyTestSchema {

    static final String PROFILES = """
            profiles:
              analyst:
                schemas: {deny: ['"Analytics"']}
                tables: {deny: [sales.customer_order_totals, "public.audit_*"]}
                columns: {deny: ["*.password", hr.employees.ssn]}
                functions: {allow: [random]}
                limits: {max-joins: 3, max-subquery-depth: 1, max-rows: 5, max-result-bytes: 4096,
                         statement-timeout: 5s}
              sales_only:
                schemas: {allow: [sales]}
                tables: {deny: [sales.events, sales.customers]}
                functions: {volatile: allow}
                tools: [list_schemas, list_tables, describe_table, execute_select]
              patterns:
                query-patterns:
                  mode: enforce
                  allow: ["SELECT name FROM sales.customers WHERE id = $1", "select count(*) from sales.orders"]
              strict:
                functions: {strict: true, allow: [count, lower]}
              schema_deny:
                functions: {deny: ["policy_test.*"], volatile: allow}
              wide_allow:
                functions: {strict: true, allow: ["*"]}
            """;

    private PolicyTestSchema() {
    }

    static void create(TestDatabase db) throws SQLException {
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement()) {
            st.execute("""
                    DROP SCHEMA IF EXISTS policy_test CASCADE;
                    CREATE SCHEMA policy_test;
                    CREATE TABLE policy_test.accounts (id int PRIMARY KEY, login text, password text);
                    INSERT INTO policy_test.accounts VALUES (1, 'ada', 'secret');
                    CREATE VIEW policy_test.employee_directory AS SELECT id, name, ssn FROM hr.employees;
                    CREATE VIEW policy_test.employee_names AS SELECT id, name FROM hr.employees;
                    CREATE FUNCTION policy_test.bump() RETURNS int VOLATILE LANGUAGE plpgsql AS 'BEGIN RETURN 1; END';
                    GRANT USAGE ON SCHEMA policy_test TO pgmcp_reader;
                    GRANT SELECT ON policy_test.employee_names TO pgmcp_reader;
                    """);
        }
    }

    static void drop(TestDatabase db) throws SQLException {
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS policy_test CASCADE");
        }
    }

    /** A runtime logged in as the superuser, so that only pgmcp's policy, not a grant, stands in the way. */
    static PgmcpRuntime superuserRuntime(TestDatabase db, String profilesYaml) {
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        return PgmcpRuntime.builder()
                .connection(resolver.resolveJdbcUrl(db.superuserJdbcUrl()))
                .allowPrivilegedRole(true)
                .policy(dev.pgmcp.core.policy.QueryPolicy.allOf(java.util.List.of(
                        new dev.pgmcp.policy.functions.FunctionAllowlistPolicy(),
                        new dev.pgmcp.policy.complexity.PlanCostLimit(1e7))))
                .profiles(new ProfileRuntimes(Yaml.profiles(profilesYaml), 1e7))
                .start();
    }
}
