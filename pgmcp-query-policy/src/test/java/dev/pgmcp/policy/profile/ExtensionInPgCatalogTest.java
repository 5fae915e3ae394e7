package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An extension installed into pg_catalog (review, low finding): its functions are extension functions like any
 * other, for the start-up warning and the grants of FunctionGrants, and for the function check, which also
 * judges a TABLESAMPLE method by its class (review R9: tsm_system_rows' system_rows is an extension function).
 * Its own database, since the extension lands in pg_catalog.
 */
class ExtensionInPgCatalogTest {

    private static final String DATABASE = "pgmcp_f3_ext_in_catalog";
    private static final String ROLE = "pgmcp_f3_ext_fn";
    private static final String YAML = """
            profiles:
              fn:
                tables: {allow: [app.items]}
                role: %s
              sampled:
                tables: {allow: [app.items]}
              sampled_allowed:
                tables: {allow: [app.items]}
                functions: {allow: [tsm_system_rows.system_rows]}
            """.formatted(ROLE);

    private static TestDatabase db;
    private static String url;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = TestDatabase.get();
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_available_extensions "
                    + "WHERE name = 'tsm_system_rows'")) {
                rs.next();
                Assumptions.assumeTrue(rs.getInt(1) == 1, "tsm_system_rows is not available");
            }
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + DATABASE);
            st.execute("DO $$ BEGIN CREATE ROLE " + ROLE + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        }
        url = db.superuserJdbcUrl(DATABASE);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("CREATE EXTENSION tsm_system_rows SCHEMA pg_catalog; CREATE SCHEMA app; "
                    + "CREATE TABLE app.items (id int); INSERT INTO app.items SELECT generate_series(1, 20)");
        }
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (url == null) {
            return;
        }
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("DROP ROLE IF EXISTS " + ROLE);
        }
    }

    @Test
    void functionGrantsListsExtensionMembersInPgCatalog() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            List<FunctionGrants.Function> functions = FunctionGrants.read(c, ROLE);
            assertThat(functions).anySatisfy(f -> {
                assertThat(f.schema()).isEqualTo("pg_catalog");
                assertThat(f.name()).isEqualTo("system_rows");
                assertThat(f.extension()).isEqualTo("tsm_system_rows");
            });
            assertThat(functions).as("only extension members of pg_catalog, not the built-in functions")
                    .allSatisfy(f -> assertThat(f.schema().equals("pg_catalog")).isEqualTo(f.extension() != null));
            Optional<String> warning = FunctionGrants.warning(Yaml.profiles(YAML).get("fn"), c);
            assertThat(warning).hasValueSatisfying(w -> assertThat(w).contains("pg_catalog.system_rows(internal)"));
        }
    }

    @Test
    void aTablesampleMethodOfAnExtensionIsAnExtensionFunction() throws Exception {
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        try (PgmcpRuntime runtime = PgmcpRuntime.builder().connection(resolver.resolveJdbcUrl(url))
                .allowPrivilegedRole(true).profiles(new ProfileRuntimes(Yaml.profiles(YAML.replace(
                        "                role: " + ROLE + "\n", "")), 1e7)).start()) {
            String sql = "SELECT count(*) FROM app.items TABLESAMPLE SYSTEM_ROWS (5)";
            Throwable refused = catchThrowable(() -> runtime.executor("sampled")
                    .execute(new QueryRequest(sql, List.of(), null)));
            assertThat(refused).isInstanceOf(QueryRefusedException.class);
            assertThat(((QueryRefusedException) refused).rule()).isEqualTo("denied-function");
            assertThat(refused.getMessage()).contains("system_rows").contains("tsm_system_rows");
            assertThat(runtime.executor("sampled_allowed").execute(new QueryRequest(sql, List.of(), null)).rows()
                    .get(0).get(0).toString()).isEqualTo("5");
            assertThat(runtime.executor("sampled").execute(new QueryRequest(
                    "SELECT count(*) FROM app.items TABLESAMPLE SYSTEM (100)", List.of(), null)).rows()
                    .get(0).get(0).toString()).isEqualTo("20");
        }
    }
}
