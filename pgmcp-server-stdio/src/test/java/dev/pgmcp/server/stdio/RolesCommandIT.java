package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pgmcp-stdio roles}: the SQL it prints for a configuration file; and a server whose profile
 * names a role the login role may not switch to, which must not start (exit code 2, the GRANT named).
 */
class RolesCommandIT {

    private static final String CONFIG = """
            profiles:
              guarded:
                schemas: {deny: ['"Analytics"']}
                columns: {deny: [hr.employees.ssn]}
                role: pgmcp_guarded
            """;

    @Test
    void printsTheRolesSqlExpandedAgainstTheCatalog(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.get();
        Path config = Files.writeString(dir.resolve("pgmcp.yaml"), CONFIG);
        try (StdioProcess roles = StdioProcess.start(List.of("roles", "--config", config.toString(), "--jdbc-url",
                db.superuserJdbcUrl(), "--login-role", "pgmcp_profile_login"), Map.of())) {
            assertThat(roles.waitForExit(60)).as(roles.stderr()).isZero();
            String out = CheckCommandIT.stdout(roles);
            assertThat(out).startsWith("-- pgmcp roles:")
                    .contains("Expanded against the live catalog of database " + db.databaseName())
                    .contains("CREATE ROLE \"pgmcp_guarded\" NOLOGIN")
                    .contains("GRANT SELECT (\"id\", \"name\", \"email\", \"salary\", \"manager_id\", \"department_id\") "
                            + "ON \"hr\".\"employees\" TO \"pgmcp_guarded\";")
                    .contains("GRANT SELECT ON \"sales\".\"orders\" TO \"pgmcp_guarded\";")
                    .doesNotContain("GRANT USAGE ON SCHEMA \"Analytics\"")
                    .contains("GRANT \"pgmcp_guarded\" TO \"pgmcp_profile_login\";");
            assertThat(out).contains("ALTER ROLE \"pgmcp_profile_login\" SET log_min_messages = log;");
        }
    }

    /** Only printed here: running it would change what PUBLIC may do in the fixture (see PublicExecuteRevokeTest). */
    @Test
    void revokingExecuteFromPublicIsAnExplicitOptIn(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.get();
        Path config = Files.writeString(dir.resolve("pgmcp.yaml"), CONFIG);
        String revoke = "REVOKE EXECUTE ON FUNCTION traps.summarize_quietly() FROM PUBLIC;";
        try (StdioProcess roles = StdioProcess.start(List.of("roles", "--config", config.toString(), "--jdbc-url",
                db.superuserJdbcUrl()), Map.of())) {
            assertThat(roles.waitForExit(60)).as(roles.stderr()).isZero();
            assertThat(CheckCommandIT.stdout(roles)).doesNotContain(revoke).contains("--revoke-public-execute");
        }
        try (StdioProcess roles = StdioProcess.start(List.of("roles", "--config", config.toString(), "--jdbc-url",
                db.superuserJdbcUrl(), "--revoke-public-execute"), Map.of())) {
            assertThat(roles.waitForExit(60)).as(roles.stderr()).isZero();
            assertThat(CheckCommandIT.stdout(roles)).contains(revoke).contains("affects EVERY role")
                    .contains("REVOKE EXECUTE ON FUNCTION traps.reveal(text) FROM PUBLIC; -- SECURITY DEFINER");
        }
    }

    @Test
    void aServerWhoseLoginMayNotSwitchToTheProfileRoleDoesNotStart(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.get();
        Path config = Files.writeString(dir.resolve("pgmcp.yaml"), CONFIG);
        try (StdioProcess server = StdioProcess.start(List.of("--config", config.toString(), "--profile", "guarded",
                "--url", "postgresql://" + db.readerUser() + "@" + db.host() + ":" + db.port() + "/"
                        + db.databaseName()), Map.of("PGPASSWORD", db.readerPassword()))) {
            assertThat(server.waitForExit(60)).as(server.stderr()).isEqualTo(2);
            assertThat(server.stderr()).contains("policy profile 'guarded': key 'role': the login role "
                    + "\"pgmcp_reader\" may not switch to role \"pgmcp_guarded\"; run GRANT \"pgmcp_guarded\" TO "
                    + "\"pgmcp_reader\"").doesNotContain("\tat ");
        }
    }
}
