package dev.pgmcp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestDatabaseTest {

    private static TestDatabase db;

    @BeforeAll
    static void start() {
        db = TestDatabase.get();
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as("a row from: %s", sql).isTrue();
            return rs.getString(1);
        }
    }

    @Test
    void isASingletonEvenUnderConcurrentFirstUse() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<TestDatabase>> calls = IntStream.range(0, 16)
                    .mapToObj(i -> (Callable<TestDatabase>) TestDatabase::get).collect(Collectors.toList());
            for (Future<TestDatabase> f : pool.invokeAll(calls)) {
                assertThat(f.get()).isSameAs(db);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void describesItself() {
        assertThat(db.databaseName()).startsWith("pgmcp_test");
        assertThat(db.readerUser()).isEqualTo("pgmcp_reader");
        assertThat(db.readerPassword()).isEqualTo("reader-secret-1");
        assertThat(db.port()).isPositive();
        assertThat(db.jdbcUrl()).isEqualTo("jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.databaseName())
                .doesNotContain("password");
        assertThat(db.readerJdbcUrl()).contains("user=pgmcp_reader");
    }

    @Test
    void fixtureIsLoaded() throws SQLException {
        try (Connection c = db.superuserConnection()) {
            assertThat(one(c, "SELECT current_database()")).isEqualTo(db.databaseName());
            assertThat(one(c, "SELECT count(*) FROM sales.customers")).isEqualTo("100");
            assertThat(one(c, "SELECT count(*) FROM sales.orders")).isEqualTo("200");
            assertThat(one(c, "SELECT count(*) FROM sales.orders WHERE total IS NULL")).isEqualTo("0");
            assertThat(one(c, "SELECT count(*) FROM sales.products")).isEqualTo("30");
            assertThat(one(c, "SELECT count(DISTINCT tableoid) FROM sales.events")).isEqualTo("3");
            assertThat(one(c, "SELECT count(*) FROM sales.monthly_revenue")).isNotEqualTo("0");
            assertThat(one(c, "SELECT count(*) FROM \"Analytics\".\"PageViews\" WHERE \"Path\" = '/cart'")).isNotEqualTo("0");
            assertThat(one(c, "SELECT count(*) FROM public.\"order details\"")).isEqualTo("3");
            assertThat(one(c, "SELECT count(*) FROM public.big_numbers")).isEqualTo("1000000");
            assertThat(one(c, "SELECT reltuples::bigint FROM pg_class WHERE oid = 'public.big_numbers'::regclass"))
                    .isEqualTo("1000000");
            assertThat(one(c, "SELECT count(*) FROM public.audit_log")).isEqualTo("3");
            assertThat(one(c, "SELECT obj_description('sales.events'::regclass, 'pg_class')")).contains("partitioned");
            assertThat(one(c, "SELECT string_agg(label, ',' ORDER BY label) FROM public.type_samples"))
                    .isEqualTo("all_nulls,extremes,negative_infinity,special,typical");
        }
    }

    @Test
    void typeSamplesHoldTheAwkwardValues() throws SQLException {
        try (Connection c = db.superuserConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM public.type_samples WHERE label = 'extremes'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("c_bigint")).isEqualTo(9007199254740993L);
            assertThat(rs.getBigDecimal("c_numeric")).isEqualByComparingTo(new BigDecimal("12345678901234567890.123456789"));
            assertThat(rs.getString("c_int_array")).isEqualTo("{{1,2},{3,4}}");
        }
        try (Connection c = db.superuserConnection()) {
            assertThat(one(c, "SELECT c_numeric::text || ' ' || c_timestamptz::text FROM public.type_samples WHERE label = 'special'"))
                    .isEqualTo("NaN infinity");
            assertThat(one(c, "SELECT c_text_array::text FROM public.type_samples WHERE label = 'special'"))
                    .isEqualTo("{plain,NULL,\"with \\\"quotes\\\"\",\"comma,inside\",\"back\\\\slash\",\"\",\"NULL\",\"{braces}\"}");
            assertThat(one(c, "SELECT count(*) FROM public.type_samples t WHERE label = 'all_nulls' "
                    + "AND num_nulls(VARIADIC ARRAY(SELECT value FROM jsonb_each_text(to_jsonb(t)) WHERE key <> 'label')) = 26"))
                    .isEqualTo("1");
        }
    }

    @Test
    void readerReadsSalesButNotTheSsnColumn() throws SQLException {
        try (Connection c = db.readerConnection()) {
            assertThat(one(c, "SELECT current_user")).isEqualTo("pgmcp_reader");
            assertThat(one(c, "SELECT count(*) FROM sales.orders")).isEqualTo("200");
            assertThat(one(c, "SELECT count(*) FROM sales.customer_order_totals")).isEqualTo("100");
            assertThat(one(c, "SELECT count(*) FROM sales.monthly_revenue")).isNotEqualTo("0");
            assertThat(one(c, "SELECT count(*) FROM \"Analytics\".\"PageViews\"")).isEqualTo("50");
            assertThat(one(c, "SELECT count(name) FROM hr.employees")).isEqualTo("24");
            assertThatThrownBy(() -> one(c, "SELECT ssn FROM hr.employees"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> one(c, "SELECT * FROM hr.employees"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void readerCannotWrite() throws SQLException {
        try (Connection c = db.readerConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO public.audit_log (msg) VALUES ('x')"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT nextval('public.counter_seq')"))
                    .hasMessageContaining("permission denied");
            assertThat(one(c, "SELECT rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"))
                    .isEqualTo("f");
            assertThat(one(c, "SELECT count(*) FROM pg_auth_members WHERE member = 'pgmcp_reader'::regrole")).isEqualTo("0");
        }
    }

    @Test
    void writerAndSignalRolesExist() throws SQLException {
        try (Connection c = db.superuserConnection()) {
            assertThat(one(c, "SELECT has_table_privilege('pgmcp_writer', 'sales.orders', 'INSERT')")).isEqualTo("t");
            assertThat(one(c, "SELECT has_table_privilege('pgmcp_reader', 'sales.orders', 'INSERT')")).isEqualTo("f");
            assertThat(one(c, "SELECT pg_has_role('pgmcp_signal', 'pg_signal_backend', 'MEMBER')")).isEqualTo("t");
        }
        String url = db.jdbcUrl();
        DriverManager.getConnection(url, "pgmcp_writer", "writer-secret-1").close();
        DriverManager.getConnection(url, "pgmcp_signal", "signal-secret-1").close();
    }

    @Test
    void readerPasswordIsChecked() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(TestDatabase.JDBC_URL_ENV) == null,
                "a server from " + TestDatabase.JDBC_URL_ENV + " may use trust authentication");
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), "pgmcp_reader", "wrong").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
    }
}
