package dev.pgmcp.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.runtime.UnsafeRoleException;
import dev.pgmcp.core.support.TestRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivilegeAuditTest {

    private static PgmcpRuntime.Builder as(String role, String password) {
        return PgmcpRuntime.builder().connection(TestRuntimes.settings(role))
                .credentials(new StaticCredentialProvider(role, password, "test"));
    }

    @Test
    void acceptsTheReadOnlyRoleAndWarnsAboutSideEffectFunctions() {
        try (PgmcpRuntime runtime = TestRuntimes.reader()) {
            PrivilegeReport report = runtime.privileges();
            assertThat(report.refusals()).isEmpty();
            assertThat(report.writableTableCount()).isZero();
            assertThat(report.sideEffectFunctions()).contains("pg_advisory_lock(bigint)");
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("REVOKE EXECUTE"));
        }
    }

    @Test
    void warnsAboutExtensionsWhoseFunctionsRunSqlTextAndNamesTheFix() {
        try (PgmcpRuntime runtime = TestRuntimes.reader()) {
            PrivilegeReport report = runtime.privileges();
            assumeTrue(report.sqlTextFunctions().containsKey("tablefunc"),
                    "the extension tablefunc is not installed in the test database (the server lacks it)");
            assertThat(report.sqlTextFunctions().get("tablefunc")).contains("public.crosstab(text)",
                    "public.connectby(text, text, text, text, integer)").noneMatch(f -> f.contains("normal_rand"));
            assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("extension tablefunc is installed")
                    .contains("(public.connectby, public.crosstab, public.crosstab2").contains("REVOKE EXECUTE ON FUNCTION public.connectby(text, text, text, text, integer), ").contains(", public.crosstab(text), ")
                    .contains("FROM PUBLIC"));
        }
    }

    @Test
    void theNamedFixSilencesTheSqlTextWarning() throws Exception {
        List<String> tablefunc;
        try (PgmcpRuntime runtime = TestRuntimes.reader()) {
            tablefunc = runtime.privileges().sqlTextFunctions().getOrDefault("tablefunc", List.of());
        }
        assumeTrue(!tablefunc.isEmpty(), "the extension tablefunc is not installed in the test database");
        String functions = String.join(", ", tablefunc);
        try (java.sql.Connection admin = TestDatabase.get().superuserConnection();
             java.sql.Statement st = admin.createStatement()) {
            st.execute("REVOKE EXECUTE ON FUNCTION " + functions + " FROM PUBLIC");
            try (PgmcpRuntime runtime = TestRuntimes.reader()) {
                assertThat(runtime.privileges().sqlTextFunctions()).as("after REVOKE ... FROM PUBLIC")
                        .doesNotContainKey("tablefunc");
            } finally {
                st.execute("GRANT EXECUTE ON FUNCTION " + functions + " TO PUBLIC");
            }
        }
    }

    @Test
    void refusesASuperuserUnlessAllowed() {
        TestDatabase db = TestDatabase.get();
        String superuser = "postgres";
        assertThatThrownBy(() -> as(superuser, null).start()).isInstanceOf(UnsafeRoleException.class)
                .hasMessageContaining("is a superuser").hasMessageContaining("--allow-privileged-role");
        try (PgmcpRuntime runtime = as(superuser, null).allowPrivilegedRole(true).start()) {
            assertThat(runtime.privileges().superuser()).isTrue();
        }
        assertThat(db).isNotNull();
    }

    @Test
    void refusesMembersOfPgSignalBackend() {
        assertThatThrownBy(() -> as("pgmcp_signal", "signal-secret-1").start()).isInstanceOf(UnsafeRoleException.class)
                .hasMessageContaining("pg_signal_backend");
    }

    @Test
    void warnsWhenTheRoleOwnsRelationsAndNamesTheFix() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (var c = db.superuserConnection(); var st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS public.h8_owned; CREATE TABLE public.h8_owned (id int); "
                    + "ALTER TABLE public.h8_owned OWNER TO pgmcp_writer");
        }
        try (PgmcpRuntime runtime = as("pgmcp_writer", "writer-secret-1").start()) {
            assertThat(runtime.privileges().ownedRelationCount()).isEqualTo(1);
            assertThat(runtime.privileges().warnings()).anySatisfy(w -> assertThat(w)
                    .contains("role \"pgmcp_writer\" owns 1 relation(s)").contains("brin_summarize_new_values")
                    .contains("ALTER TABLE public.h8_owned OWNER TO <another role>"));
        } finally {
            try (var c = db.superuserConnection(); var st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS public.h8_owned");
            }
        }
        try (PgmcpRuntime runtime = TestRuntimes.reader()) {
            assertThat(runtime.privileges().ownedRelationCount()).isZero();
        }
    }

    @Test
    void warnsAboutWriteGrants() {
        try (PgmcpRuntime runtime = as("pgmcp_writer", "writer-secret-1").start()) {
            assertThat(runtime.privileges().writableTables()).contains("sales.orders");
            assertThat(runtime.privileges().warnings()).anySatisfy(w -> assertThat(w).contains("may write to 1 table"));
        }
    }
}
