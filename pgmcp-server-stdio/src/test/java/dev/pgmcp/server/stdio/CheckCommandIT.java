package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

    /** A loopback HTTP server answering every request with {@code body(requestBody)}. */
    static HttpServer fake(String contentType, Function<String, String> body, AtomicInteger requests) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                byte[] bytes = body.apply(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", contentType);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        });
        server.start();
        return server;
    }

    @Test
    void secretsManagerThroughTheShadedJar() throws Exception {
        TestDatabase db = TestDatabase.get();
        AtomicInteger requests = new AtomicInteger();
        String secret = "{\\\"username\\\":\\\"" + db.readerUser() + "\\\",\\\"password\\\":\\\""
                + db.readerPassword() + "\\\"}";
        HttpServer server = fake("application/x-amz-json-1.1", body -> body.contains("\"SecretId\":\"pgmcp/reader\"")
                ? "{\"Name\":\"pgmcp/reader\",\"SecretString\":\"" + secret + "\"}" : "{}", requests);
        try {
            Map<String, String> env = new HashMap<>(NO_AWS);
            env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
            env.put("AWS_SECRET_ACCESS_KEY", "fake-secret");
            env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:" + server.getAddress().getPort());
            try (StdioProcess check = StdioProcess.start(List.of("check", "--auth", "secrets-manager", "--secret-id",
                    "pgmcp/reader", "--aws-region", "eu-west-1", "--url", "postgresql://" + db.host() + ":" + db.port()
                    + "/" + db.databaseName()), env)) {
                assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
                assertThat(stdout(check)).contains("credentials: AWS Secrets Manager secret pgmcp/reader")
                        .contains("role:        " + db.readerUser()).contains("check:       ok")
                        .doesNotContain(db.readerPassword());
            }
            assertThat(requests.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void webIdentityThroughTheShadedJarSignsAToken(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        AtomicInteger requests = new AtomicInteger();
        String expiration = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        HttpServer sts = fake("text/xml", body -> "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/"
                + "doc/2011-06-15/\"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAWEB</AccessKeyId>"
                + "<SecretAccessKey>w</SecretAccessKey><SessionToken>s</SessionToken><Expiration>" + expiration
                + "</Expiration></Credentials></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>1"
                + "</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>", requests);
        try {
            Map<String, String> env = new HashMap<>(NO_AWS);
            env.put("AWS_WEB_IDENTITY_TOKEN_FILE", Files.writeString(dir.resolve("token"), "eyJ.fake.jwt").toString());
            env.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/pgmcp");
            env.put("AWS_REGION", "eu-west-1");
            env.put("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:" + sts.getAddress().getPort());
            int port = closedPort();
            try (StdioProcess check = StdioProcess.start(List.of("check", "--auth", "rds-iam", "--iam-signing-host",
                    "db.abc.eu-west-1.rds.amazonaws.com:5432", "--url", "postgresql://reader@127.0.0.1:" + port
                    + "/app?connect_timeout=2"), env)) {
                assertThat(check.waitForExit(60)).isEqualTo(1);
                String out = stdout(check);
                assertThat(out).contains("obtained for role reader, valid until ").contains("FAILED at connect");
            }
            assertThat(requests.get()).isEqualTo(1);
        } finally {
            sts.stop(0);
        }
    }

    /**
     * Two servers: the fixture (read-write) and a second cluster whose sessions default to read-only,
     * which pgjdbc, like libpq, treats as a standby for target_session_attrs.
     */
    @Test
    void targetSessionAttrsChooseTheServerAndCheckSaysWhichAnswered() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (LocalPostgresCluster replica = TestDatabase.startDedicatedCluster(LocalPostgresCluster.Options.builder()
                .setting("default_transaction_read_only", "on")
                .hbaLine("host all " + db.readerUser() + " 127.0.0.1/32 scram-sha-256").build())) {
            try (Connection c = DriverManager.getConnection(replica.jdbcUrl(), replica.superuser(), null);
                 Statement st = c.createStatement()) {
                st.execute("SET default_transaction_read_only = off");
                st.execute("CREATE ROLE " + db.readerUser() + " LOGIN PASSWORD '" + db.readerPassword() + "'");
                st.execute("CREATE DATABASE " + db.databaseName());
            }
            String hosts = db.host() + ":" + db.port() + "," + replica.host() + ":" + replica.port();
            Map<String, String> env = Map.of("PGPASSWORD", db.readerPassword());
            for (String[] attrsAndPort : new String[][] {
                {"prefer-standby", replica.port() + " (primary, read-only by default)"},
                {"standby", replica.port() + " (primary, read-only by default)"},
                {"read-write", db.port() + " (primary)"}}) {
                try (StdioProcess check = StdioProcess.start(List.of("check", "--url", "postgresql://" + db.readerUser()
                        + "@" + hosts + "/" + db.databaseName() + "?target_session_attrs=" + attrsAndPort[0]), env)) {
                    assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
                    assertThat(stdout(check)).as(attrsAndPort[0])
                            .contains(" at 127.0.0.1:" + attrsAndPort[1])
                            .contains("check:       ok");
                }
            }
        }
    }
}
