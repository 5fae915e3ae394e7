package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.TestDatabase;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code pgmcp-stdio check}: what it prints when every step passes, and the failed step otherwise. */
class CheckCommandIT {

    /** No AWS configuration of this machine is visible to the jar. */
    static final Map<String, String> NO_AWS = Map.of("AWS_CONFIG_FILE", "/nonexistent/aws-config",
            "AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/aws-credentials", "AWS_EC2_METADATA_DISABLED", "true");

    static String stdout(StdioProcess process) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        String line;
        while ((line = process.nextLine(2)) != null) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void reportsServerRoleAuditProviderTlsAndWhichHostAnswered() throws Exception {
        TestDatabase db = TestDatabase.get();
        // The first host is down: with prefer-standby and no standby, the primary answers.
        String url = "postgresql://" + db.readerUser() + "@127.0.0.1:" + closedPort() + "," + db.host() + ":" + db.port()
                + "/" + db.databaseName() + "?target_session_attrs=prefer-standby&connect_timeout=2";
        try (StdioProcess check = StdioProcess.start(List.of("check", "--url", url),
                Map.of("PGPASSWORD", db.readerPassword()))) {
            assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
            String out = stdout(check);
            assertThat(out).contains("credentials: static password from PGPASSWORD")
                    .contains("tls:         sslmode=prefer")
                    .contains("server:      PostgreSQL ")
                    .contains(" at " + db.host() + ":" + db.port() + " (primary)")
                    .contains("role:        " + db.readerUser())
                    .contains("audit:")
                    .contains("check:       ok")
                    .doesNotContain(db.readerPassword());
        }
    }

    @Test
    void failsAtTheLoginWithPostgreSqlsReason() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (StdioProcess check = StdioProcess.start(List.of("check", "--url", "postgresql://" + db.readerUser() + "@"
                + db.host() + ":" + db.port() + "/" + db.databaseName()), Map.of("PGPASSWORD", "wrong-pw-123"))) {
            assertThat(check.waitForExit(60)).isEqualTo(1);
            assertThat(stdout(check)).contains("check:       FAILED at connect");
            assertThat(check.stderr()).contains("pgmcp: check failed at connect: cannot connect to PostgreSQL")
                    .contains("password authentication failed").doesNotContain("wrong-pw-123").doesNotContain("\tat ");
        }
    }

    @Test
    void failsWhenNoAwsCredentialsAreFound() throws Exception {
        try (StdioProcess check = StdioProcess.start(List.of("check", "--auth", "rds-iam", "--url",
                "postgresql://reader@db1.abc123.eu-west-1.rds.amazonaws.com:5432/app"), NO_AWS)) {
            assertThat(check.waitForExit(60)).isEqualTo(1);
            String out = stdout(check);
            assertThat(out).contains("credentials: RDS IAM token for db1.abc123.eu-west-1.rds.amazonaws.com:5432 in eu-west-1")
                    .contains("tls:         sslmode=verify-full with the bundled Amazon RDS CA")
                    .contains("check:       FAILED at credentials");
            assertThat(check.stderr()).contains("pgmcp: check failed at credentials: no AWS credentials from the default "
                    + "AWS credential chain").doesNotContain("\tat ");
        }
    }

    @Test
    void refusesPlaintextWithIam() throws Exception {
        try (StdioProcess check = StdioProcess.start(List.of("check", "--auth", "rds-iam", "--aws-region", "eu-west-1",
                "--url", "postgresql://reader@localhost/app", "--sslmode", "disable"), NO_AWS)) {
            assertThat(check.waitForExit(60)).isEqualTo(2);
            assertThat(check.stderr()).contains("pgmcp: sslmode=disable is not allowed with IAM authentication");
        }
    }
}
