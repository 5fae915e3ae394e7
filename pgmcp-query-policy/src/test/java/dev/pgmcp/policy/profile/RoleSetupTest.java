package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL of the roles command, run for real: twice (it is idempotent), after which the role can
 * read exactly what the profile shows, and the start-up check accepts it.
 */
class RoleSetupTest {

    private static final String ROLE = "pgmcp_h8_setup";
    private static final String LOGIN = "pgmcp_h8_setup_login";
    private static final String YAML = """
            profiles:
              analyst:
                schemas: {deny: ['"Analytics"']}
                tables: {deny: ["public.audit_*", sales.customer_order_totals]}
                columns: {deny: ["*.password", hr.employees.ssn]}
                role: %s
              norole: {}
            """.formatted(ROLE);

    private static TestDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        sql("DROP SCHEMA IF EXISTS h8_setup CASCADE; CREATE SCHEMA h8_setup; "
                + "CREATE TABLE h8_setup.accounts (id int, login text, password text); "
                + "CREATE VIEW h8_setup.with_ssn AS SELECT id, ssn FROM hr.employees; "
                + "CREATE VIEW h8_setup.names AS SELECT id, name FROM hr.employees; "
                // Reads only the view's columns; the view reads ssn: hidden through the nesting.
                + "CREATE MATERIALIZED VIEW h8_setup.nested AS SELECT id FROM h8_setup.with_ssn WHERE ssn IS NOT NULL; "
                + "DO $$ BEGIN CREATE ROLE " + LOGIN + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$; "
                // A grant the profile does not allow, from an earlier set-up: the script must revoke it.
                + "DO $$ BEGIN CREATE ROLE " + ROLE + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$; "
                + "GRANT USAGE ON SCHEMA \"Analytics\" TO " + ROLE + "; GRANT SELECT ON \"Analytics\".\"PageViews\" TO "
                + ROLE + "; GRANT SELECT ON hr.employees TO " + ROLE
                // Review R6: rows computed by a function over SQL text; pg_depend holds no relation source.
                + "; CREATE MATERIALIZED VIEW h8_setup.by_sql_text AS SELECT "
                + "query_to_xml('SELECT ssn FROM hr.employees', true, false, '')::text AS x");
    }

    @AfterAll
    static void stop() throws Exception {
        sql("DROP SCHEMA IF EXISTS h8_setup CASCADE; DROP OWNED BY " + ROLE + "; DROP ROLE IF EXISTS " + ROLE
                + "; DROP ROLE IF EXISTS " + LOGIN);
    }

    private static void sql(String sql) throws Exception {
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String generate() throws Exception {
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        var settings = resolver.resolveJdbcUrl(db.superuserJdbcUrl());
        try (DatabasePool pool = DatabasePool.open(settings, settings.staticCredentials(), PoolOptions.DEFAULTS);
             Connection c = pool.borrow()) {
            try {
                return RoleSetup.sql(Yaml.profiles(YAML).values(), PolicyCatalog.load(pool), c, LOGIN,
                        db.databaseName());
            } finally {
                c.rollback();
            }
        }
    }

    /** Every privilege the role holds in the database, from the ACLs: what the script leaves behind. */
    private static List<String> privileges() throws Exception {
        List<String> held = new ArrayList<>();
        try (Connection c = db.superuserConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT 'schema ' || n.nspname || ' ' || a.privilege_type FROM pg_namespace n, aclexplode(n.nspacl) a
                WHERE a.grantee = ?::regrole
                UNION ALL
                SELECT 'table ' || c.oid::regclass || ' ' || a.privilege_type FROM pg_class c, aclexplode(c.relacl) a
                WHERE a.grantee = ?::regrole
                UNION ALL
                SELECT 'column ' || t.attrelid::regclass || '.' || t.attname || ' ' || a.privilege_type
                FROM pg_attribute t, aclexplode(t.attacl) a WHERE a.grantee = ?::regrole
                ORDER BY 1
                """)) {
            for (int i = 1; i <= 3; i++) {
                ps.setString(i, ROLE);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(rs.getString(1));
                }
            }
        }
        return held;
    }

    private static boolean canRead(String relation, String column) throws Exception {
        String sql = column == null
                ? "SELECT has_table_privilege(?, ?::regclass, 'SELECT') AND has_schema_privilege(?, "
                        + "(SELECT relnamespace FROM pg_class WHERE oid = ?::regclass), 'USAGE')"
                : "SELECT has_column_privilege(?, ?::regclass, ?, 'SELECT') AND has_schema_privilege(?, "
                        + "(SELECT relnamespace FROM pg_class WHERE oid = ?::regclass), 'USAGE')";
        try (Connection c = db.superuserConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ROLE);
            ps.setString(2, relation);
            if (column == null) {
                ps.setString(3, ROLE);
                ps.setString(4, relation);
            } else {
                ps.setString(3, column);
                ps.setString(4, ROLE);
                ps.setString(5, relation);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void theScriptRunsTwiceAndTheRoleSeesExactlyWhatTheProfileShows() throws Exception {
        String script = generate();
        assertThat(script).startsWith("-- pgmcp roles:").contains("Expanded against the live catalog of database")
                .contains("GRANT \"" + ROLE + "\" TO \"" + LOGIN + "\";")
                .contains("-- not granted: h8_setup.with_ssn reads hr.employees.ssn")
                .contains("-- not granted: h8_setup.nested reads hr.employees.ssn")
                .doesNotContain("norole");
        sql(script);
        List<String> afterFirst = privileges();
        sql(script);
        assertThat(privileges()).as("a second run changes nothing").isEqualTo(afterFirst);
        assertThat(generate()).as("and generating again gives the same script").isEqualTo(script);

        assertThat(canRead("sales.orders", null)).isTrue();
        assertThat(canRead("hr.departments", null)).isTrue();
        assertThat(canRead("h8_setup.names", null)).isTrue();
        assertThat(canRead("hr.employees", "name")).isTrue();
        assertThat(canRead("h8_setup.accounts", "login")).isTrue();
        assertThat(canRead("hr.employees", "ssn")).as("hidden column").isFalse();
        assertThat(canRead("h8_setup.accounts", "password")).as("hidden column by glob").isFalse();
        assertThat(canRead("\"Analytics\".\"PageViews\"", null)).as("hidden schema, granted before").isFalse();
        assertThat(canRead("public.audit_log", null)).as("hidden table by glob").isFalse();
        assertThat(canRead("sales.customer_order_totals", null)).as("hidden view").isFalse();
        assertThat(canRead("h8_setup.with_ssn", null)).as("a view over a hidden column").isFalse();
        assertThat(canRead("h8_setup.nested", null)).as("a materialized view over that view").isFalse();

        // No more than the profile shows, as the start-up check sees it, and no less: every relation the
        // profile shows (other than views whose rows come from hidden data, with_ssn and nested) can be read.
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        try (PgmcpRuntime runtime = PgmcpRuntime.builder().connection(resolver.resolveJdbcUrl(db.superuserJdbcUrl()))
                .allowPrivilegedRole(true).profiles(new ProfileRuntimes(Yaml.profiles(YAML), 1e7)).start()) {
            assertThat(runtime.profileNames()).contains("analyst");
            PolicyProfile analyst = Yaml.profiles(YAML).get("analyst");
            PolicyCatalog catalog = PolicyCatalog.load(runtime.pool());
            for (PolicyCatalog.Relation relation : catalog.relations()) {
                if (relation.schema().startsWith("pg_") || relation.schema().equals("information_schema")
                        || HiddenData.firstHiddenSource(analyst, catalog, relation).isPresent()
                        || !RelationAccessPolicy.permits(analyst, relation)) {
                    continue;
                }
                String name = "\"" + relation.schema() + "\".\"" + relation.name() + "\"";
                for (String column : relation.columns()) {
                    boolean hidden = ColumnAccessPolicy.hidden(analyst, catalog, relation.schema(), relation.name(),
                            column);
                    assertThat(canRead(name, column)).as("%s.%s", name, column).isEqualTo(!hidden);
                }
            }
        }
    }

    @Test
    void theScriptKeepsTheLoginRolesErrorsOutOfTheServerLog() throws Exception {
        String script = generate();
        assertThat(script).contains("\n-- Keeps its errors, each logged whole and as long as the value that caused "
                + "it, out of the server log (needs a superuser).\nALTER ROLE \"" + LOGIN + "\" SET log_min_messages = log;\n");
        sql(script);
        try (Connection c = db.superuserConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT array_to_string(setconfig, ',') FROM pg_db_role_setting WHERE setrole = ?::regrole "
                        + "AND setdatabase = 0")) {
            ps.setString(1, LOGIN);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the login role has settings").isTrue();
                assertThat(rs.getString(1)).contains("log_min_messages=log");
            }
        }
        // Also when no profile names a role: the login role is still pgmcp's.
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        var settings = resolver.resolveJdbcUrl(db.superuserJdbcUrl());
        try (DatabasePool pool = DatabasePool.open(settings, settings.staticCredentials(), PoolOptions.DEFAULTS);
             Connection c = pool.borrow()) {
            try {
                assertThat(RoleSetup.sql(Yaml.profiles("profiles:\n  norole: {}\n").values(), PolicyCatalog.load(pool),
                        c, LOGIN, db.databaseName())).contains("no profile roles to create")
                        .contains("ALTER ROLE \"" + LOGIN + "\" SET log_min_messages = log;");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void aMaterializedViewComputedByAFunctionOverSqlTextIsNotGranted() throws Exception {
        assertThat(generate()).contains("-- not granted: h8_setup.by_sql_text reads what the function "
                + "query_to_xml read");
        assertThat(canRead("h8_setup.by_sql_text", null)).as("before the script runs").isFalse();
    }
}
