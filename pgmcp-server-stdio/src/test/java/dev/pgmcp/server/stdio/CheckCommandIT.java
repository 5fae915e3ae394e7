package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.testing.ReaderConnection;
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
import java.util.ArrayList;
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

    /** A configuration file in a fresh temporary directory. */
    static Path config(String yaml) throws Exception {
        Path file = Files.createTempDirectory("pgmcp-check-").resolve("pgmcp.yaml");
        return Files.writeString(file, yaml);
    }

    /** Runs check and start-up with the same arguments: both must exit 2 and print {@code problem}. */
    static void checkAndStartUpRefuse(Path config, String problem) throws Exception {
        try (StdioProcess check = StdioProcess.start(checkArgs("--config", config.toString()),
                ReaderConnection.env())) {
            assertThat(check.waitForExit(60)).as(check.stderr()).isEqualTo(2);
            assertThat(stdout(check)).contains("check:       FAILED, 1 problem in the configuration")
                    .doesNotContain("check:       ok");
            assertThat(check.stderr()).contains("pgmcp: " + config + ": " + problem).doesNotContain("\tat ");
        }
        try (StdioProcess server = StdioProcess.start(ReaderConnection.args("--config", config.toString()),
                ReaderConnection.env())) {
            assertThat(server.waitForExit(60)).as(server.stderr()).isEqualTo(2);
            assertThat(server.stderr()).contains("pgmcp: " + config + ": " + problem);
        }
    }

    static List<String> checkArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(ReaderConnection.args(more));
        return args;
    }

    @Test
    void aTemplateOnATableThatDoesNotExistFailsTheCheckAsItFailsTheStart() throws Exception {
        checkAndStartUpRefuse(config("""
                templates:
                  order_status:
                    description: Status of one order
                    sql: SELECT status FROM sales.ordrs WHERE id = $1
                    parameters: [{name: id, type: integer}]
                """), "template 'order_status': the sql does not prepare in the database: PostgreSQL error 42P01: "
                + "relation \"sales.ordrs\" does not exist");
    }

    @Test
    void aProfileGlobThatMatchesNothingFailsTheCheckAsItFailsTheStart() throws Exception {
        checkAndStartUpRefuse(config("profiles:\n  analyst:\n    tables: {deny: [sales.nonexistent]}\n"),
                "policy profile 'analyst': key 'tables.deny[0]': \"sales.nonexistent\" matches no table or view");
    }

    @Test
    void checkReportsEveryProblemAtOnce() throws Exception {
        Path config = config("""
                profiles:
                  analyst:
                    tables: {deny: [sales.nonexistent]}
                    schemas: {allow: [sales, salse]}
                templates:
                  order_status:
                    description: Status of one order
                    sql: SELECT status FROM sales.ordrs WHERE id = $1
                    parameters: [{name: id, type: integer}]
                  customer_name:
                    description: Name of one customer
                    sql: SELECT name FROM sales.customers WHERE id = $1
                    parameters: [{name: id, type: string, format: date}]
                """);
        try (StdioProcess check = StdioProcess.start(checkArgs("--config", config.toString()), ReaderConnection.env())) {
            assertThat(check.waitForExit(60)).as(check.stderr()).isEqualTo(2);
            assertThat(stdout(check)).contains("role:        " + TestDatabase.get().readerUser())
                    .contains("check:       FAILED, 4 problems in the configuration");
            assertThat(check.stderr().lines().filter(line -> line.startsWith("pgmcp: " + config + ": ")))
                    .hasSize(4)
                    .anySatisfy(l -> assertThat(l).contains("key 'schemas.allow[1]': \"salse\" matches no schema"))
                    .anySatisfy(l -> assertThat(l).contains("key 'tables.deny[0]': \"sales.nonexistent\""))
                    .anySatisfy(l -> assertThat(l).contains("template 'order_status': the sql does not prepare"))
                    .anySatisfy(l -> assertThat(l).contains("template 'customer_name': parameter 'id' ($1)"));
        }
    }

    @Test
    void aBadValueInTheFileNamesTheFileAndTheKeyForCheckAndStartUp() throws Exception {
        Path config = config("statement-timeout: soon\n");
        for (List<String> args : List.of(checkArgs("--config", config.toString()),
                ReaderConnection.args("--config", config.toString()))) {
            try (StdioProcess process = StdioProcess.start(args, ReaderConnection.env())) {
                assertThat(process.waitForExit(60)).isEqualTo(2);
                assertThat(process.stderr()).contains("pgmcp: " + config + ": statement-timeout: 'soon' is not a "
                        + "duration; write it like 500ms, 15s, 2min or 1h").doesNotContain("--statement-timeout");
            }
        }
        try (StdioProcess process = StdioProcess.start(checkArgs("--statement-timeout", "soon"), ReaderConnection.env())) {
            assertThat(process.waitForExit(60)).isEqualTo(2);
            assertThat(process.stderr()).contains("pgmcp: Invalid value for option '--statement-timeout': 'soon' is "
                    + "not a duration");
        }
    }

    @Test
    void aPasswordInTheUrlIsWarnedAboutWithoutBeingPrinted() throws Exception {
        TestDatabase db = TestDatabase.get();
        String secret = db.readerPassword();
        String address = db.host() + ":" + db.port() + "/" + db.databaseName();
        for (String url : List.of("postgresql://" + db.readerUser() + ":" + secret + "@" + address,
                "host=" + db.host() + " port=" + db.port() + " dbname=" + db.databaseName() + " user="
                        + db.readerUser() + " password=" + secret)) {
            try (StdioProcess check = StdioProcess.start(List.of("check", "--url", url), Map.of())) {
                assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
                String out = stdout(check);
                assertThat(check.stderr()).contains("--url holds a password, which other users of this machine can "
                        + "read in the process list and which stays in the shell history; put it in ~/.pgpass, "
                        + "PGPASSWORD, --password-file or the configuration file instead");
                assertThat(out + check.stderr()).doesNotContain(secret);
            }
        }
        String jdbc = "jdbc:postgresql://" + address + "?user=" + db.readerUser() + "&password=" + secret;
        try (StdioProcess check = StdioProcess.start(List.of("check", "--jdbc-url", jdbc), Map.of())) {
            assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
            assertThat(check.stderr()).contains("--jdbc-url holds a password");
            assertThat(stdout(check) + check.stderr()).doesNotContain(secret);
        }
        // The same URL from the configuration file is what the warning recommends: no warning.
        Path config = config("url: postgresql://" + db.readerUser() + ":" + secret + "@" + address + "\n");
        try (StdioProcess check = StdioProcess.start(List.of("check", "--config", config.toString()), Map.of())) {
            assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
            assertThat(check.stderr()).doesNotContain("holds a password");
        }
        try (StdioProcess check = StdioProcess.start(checkArgs(), ReaderConnection.env())) {
            assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
            assertThat(check.stderr()).doesNotContain("holds a password");
        }
    }

    /** Each line of the report sits under its own heading: a continuation line follows the line it continues. */
    @Test
    void eachLineOfTheReportSitsUnderItsOwnHeading() throws Exception {
        try (StdioProcess check = StdioProcess.start(checkArgs(), ReaderConnection.env())) {
            assertThat(check.waitForExit(60)).as(check.stderr()).isZero();
            List<String> lines = stdout(check).lines().toList();
            assertThat(lines).allSatisfy(line -> assertThat(line).matches("([a-z ]{1,12}:)? *\\S.*")
                    .satisfies(l -> assertThat(l.charAt(13)).isNotEqualTo(' ')));
            List<String> headings = lines.stream().map(line -> line.substring(0, 13).strip()).toList();
            assertThat(headings).containsSubsequence("connection:", "tls:", "credentials:", "", "server:", "role:",
                    "session tls:", "audit:", "profiles:", "check:");
            int credentials = headings.indexOf("credentials:");
            assertThat(lines.get(credentials)).endsWith("static password from PGPASSWORD");
            assertThat(headings.get(credentials + 1)).isEmpty();
            assertThat(lines.get(credentials + 1).strip()).startsWith("obtained for role ");
            assertThat(headings.stream().filter(String::isEmpty)).hasSize(1);
            assertThat(lines.get(headings.indexOf("tls:"))).isEqualTo("tls:         sslmode=prefer");
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
