package dev.pgmcp.core.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Plans real statements and checks which relations and columns {@link PlanGate} reports. */
class PlanReferencesTest {

    private static final PlanColumn SSN = new PlanColumn("hr", "employees", "ssn");
    private static final PlanColumn EMPLOYEE_ROW = new PlanColumn("hr", "employees", PlanColumn.WHOLE_ROW);

    private static Connection connection;

    @BeforeAll
    static void connect() throws Exception {
        connection = TestDatabase.get().superuserConnection();
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
    }

    @AfterAll
    static void close() throws Exception {
        connection.rollback();
        connection.close();
    }

    private static PlanSummary plan(String sql) throws Exception {
        try {
            return new PlanGate().check(connection, sql, ps -> { });
        } finally {
            connection.rollback();
        }
    }

    private static boolean readsSsn(PlanSummary plan) {
        return plan.columns().contains(SSN) || plan.columns().contains(EMPLOYEE_ROW);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT ssn FROM hr.employees",
        "SELECT * FROM hr.employees",
        "SELECT e.* FROM hr.employees e JOIN hr.departments d ON d.id = e.department_id",
        "SELECT count(*) FROM hr.employees WHERE ssn LIKE '1%'",
        "SELECT name FROM hr.employees ORDER BY ssn",
        "SELECT max(ssn) FROM hr.employees",
        "SELECT count(*) FROM hr.employees GROUP BY ssn",
        "SELECT row_to_json(e) FROM hr.employees e",
        "SELECT md5(e::text) FROM hr.employees e",
        "SELECT e FROM hr.employees e",
        "SELECT (SELECT ssn FROM hr.employees LIMIT 1)",
        "SELECT s.x FROM (SELECT md5(ssn) AS x, department_id FROM hr.employees OFFSET 0) s "
                + "JOIN hr.departments d ON d.id = s.department_id",
        "SELECT s.* FROM (SELECT * FROM hr.employees OFFSET 0) s",
        "WITH c AS MATERIALIZED (SELECT * FROM hr.employees) SELECT ssn FROM c",
        "SELECT d.name FROM hr.departments d WHERE EXISTS (SELECT 1 FROM hr.employees e WHERE e.ssn = d.name)",
        "SELECT name FROM hr.employees UNION ALL SELECT ssn FROM hr.employees",
        "SELECT name FROM hr.employees UNION SELECT ssn FROM hr.employees",
        "SELECT count(*) FROM (SELECT name FROM hr.employees UNION SELECT ssn FROM hr.employees) u",
        "SELECT name FROM hr.employees INTERSECT SELECT ssn FROM hr.employees",
        "SELECT name FROM hr.employees EXCEPT SELECT ssn FROM hr.employees",
        "SELECT max(x) FROM (SELECT name AS x FROM hr.employees UNION ALL SELECT ssn FROM hr.employees) u",
        "SELECT \"SSN\" FROM (SELECT ssn AS \"SSN\" FROM hr.employees) x",
        "SELECT lag(ssn) OVER (ORDER BY id) FROM hr.employees",
    })
    void findsEveryUseOfTheColumn(String sql) throws Exception {
        PlanSummary plan = plan(sql);
        assertThat(plan.columnsComplete()).isTrue();
        assertThat(readsSsn(plan)).as("%s uses hr.employees.ssn; found %s", sql, plan.columns()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT name FROM hr.employees",
        "SELECT count(*) FROM hr.employees",
        "SELECT d.name, count(*) FROM hr.employees e JOIN hr.departments d ON d.id = e.department_id GROUP BY d.name",
        "SELECT e.name FROM hr.employees e JOIN hr.departments d ON d.id = e.department_id WHERE e.salary > 50000",
        "SELECT name FROM hr.employees e WHERE EXISTS (SELECT 1 FROM hr.departments d WHERE d.id = e.department_id)",
        "SELECT count(*) FROM hr.employees e JOIN hr.departments d ON d.id = e.department_id",
    })
    void doesNotReportColumnsThatAreOnlyCarried(String sql) throws Exception {
        PlanSummary plan = plan(sql);
        assertThat(readsSsn(plan)).as("%s does not use ssn; found %s", sql, plan.columns()).isFalse();
    }

    @Test
    void reportsTablesUnderViewsAndPartitions() throws Exception {
        PlanSummary plan = plan("SELECT * FROM sales.customer_order_totals");
        assertThat(plan.relations()).extracting(PlanRelation::qualifiedName)
                .contains("sales.customers", "sales.orders");
        assertThat(plan(("SELECT count(*) FROM sales.events")).relations()).extracting(PlanRelation::qualifiedName)
                .contains("sales.events_2024_01");
        assertThat(plan("SELECT * FROM \"Analytics\".\"PageViews\"").relations())
                .containsExactly(new PlanRelation("Analytics", "PageViews", "PageViews"));
    }

    @Test
    void countsJoinsAndNesting() throws Exception {
        PlanSummary plan = plan("SELECT e.name FROM hr.employees e JOIN hr.departments d ON d.id = e.department_id "
                + "JOIN hr.employees m ON m.id = e.manager_id WHERE e.salary > (SELECT avg(salary) FROM hr.employees "
                + "WHERE department_id IN (SELECT id FROM hr.departments WHERE name <> (SELECT min(name) FROM hr.departments)))");
        assertThat(plan.joins()).isGreaterThanOrEqualTo(2);
        assertThat(plan.subplanDepth()).isGreaterThanOrEqualTo(2);
        assertThat(plan("SELECT 1").joins()).isZero();
        assertThat(plan("SELECT 1").subplanDepth()).isZero();
        assertThat(List.of(plan("SELECT 1").relations())).containsExactly(List.of());
    }
}
