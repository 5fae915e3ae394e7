package dev.pgmcp.localpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SampleDatasetTest {

    private static LocalPostgresCluster pg;

    @BeforeAll
    static void startAndLoad() throws SQLException {
        assumeTrue(LocalPostgresCluster.findBinaries().isPresent(), "No PostgreSQL server binaries on this machine");
        pg = LocalPostgresCluster.start();
        SampleDataset.load(pg.jdbcUrl(), pg.superuser());
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void demoRoleReadsTheShop() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), SampleDataset.DEMO_ROLE, null)) {
            assertThat(count(c, "SELECT count(*) FROM shop.orders")).isEqualTo(400);
            assertThat(count(c, "SELECT count(*) FROM shop.customers")).isEqualTo(120);
            assertThat(count(c, "SELECT count(*) FROM shop.order_items")).isBetween(500L, 1500L);
            assertThat(count(c, "SELECT count(*) FROM shop.order_totals WHERE total > 0")).isEqualTo(400);
            assertThat(count(c, "SELECT count(*) FROM shop.customers WHERE 'vip' = ANY (tags)")).isPositive();
            assertThat(count(c, "SELECT count(*) FROM shop.products WHERE attributes ->> 'colour' = 'green'")).isPositive();
        }
    }

    @Test
    void demoRoleCannotWriteOrEscalate() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), SampleDataset.DEMO_ROLE, null);
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM shop.orders"))
                    .hasMessageContaining("permission denied");
            assertThat(count(c, "SELECT count(*) FROM pg_roles WHERE rolname = current_user AND NOT rolsuper")).isEqualTo(1);
        }
    }

    @Test
    void demoRoleCannotCallFunctionsWithSideEffects() throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), SampleDataset.DEMO_ROLE, null);
             Statement s = c.createStatement()) {
            for (String call : new String[] {"pg_sleep(0)", "pg_advisory_lock(1)", "pg_notify('c', 'x')",
                "set_config('work_mem', '1MB', false)", "txid_current()", "pg_current_xact_id()", "lo_create(0)",
                "pg_cancel_backend(0)", "pg_terminate_backend(0)"}) {
                assertThatThrownBy(() -> s.execute("SELECT " + call)).as(call)
                        .hasMessageContaining("permission denied for function");
            }
            assertThat(count(c, "SELECT count(*) FROM pg_proc WHERE proname IN ('pg_sleep', 'set_config') "
                    + "AND has_function_privilege(oid, 'EXECUTE')")).isZero();
        }
    }

    @Test
    void loadingTwiceGivesTheSameData() throws SQLException {
        SampleDataset.load(pg.jdbcUrl(), pg.superuser());
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.superuser(), null)) {
            assertThat(count(c, "SELECT count(*) FROM shop.orders")).isEqualTo(400);
            assertThat(count(c, "SELECT sum(total)::bigint FROM shop.order_totals"))
                    .isEqualTo(count(c, "SELECT sum(quantity * unit_price)::bigint FROM shop.order_items"));
            assertThat(count(c, "SELECT count(*) FROM pg_description d JOIN pg_class r ON r.oid = d.objoid "
                    + "JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = 'shop'")).isGreaterThan(10);
        }
    }
}
