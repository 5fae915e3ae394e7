package dev.pgmcp.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.ReaderConnection;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pgmcp-http check} runs the HTTP host's own start-up validations: whatever makes the
 * server refuse to start makes check fail the same way, with the same exit code and message.
 */
class HttpCheckIT {

    private static final String LISTEN_RULE = "listening on 0.0.0.0 (not a loopback address) requires "
            + "authentication: add an 'access' section with 'api-keys' or 'oauth' to the configuration file";

    static Path config(String yaml) throws Exception {
        return Files.writeString(Files.createTempDirectory("pgmcp-http-check-").resolve("pgmcp.yaml"), yaml);
    }

    static List<String> check(String... more) {
        List<String> args = new ArrayList<>(List.of("check"));
        args.addAll(ReaderConnection.args(more));
        return args;
    }

    /** Check and start-up, with the same options, both exit 2 with {@code problem} on standard error. */
    static void checkAndStartUpRefuse(String problem, String... options) throws Exception {
        try (HttpProcess check = HttpProcess.start(check(options), ReaderConnection.env(), 0)) {
            assertThat(check.waitForExit(90)).as(check.stderr()).isEqualTo(2);
            assertThat(check.stdout()).contains("check:       FAILED, 1 problem in the configuration")
                    .doesNotContain("check:       ok");
            assertThat(check.stderr()).contains("pgmcp: " + problem).doesNotContain("\tat ");
        }
        try (HttpProcess server = HttpProcess.start(ReaderConnection.args(options), ReaderConnection.env(), 0)) {
            assertThat(server.waitForExit(90)).as(server.stderr()).isEqualTo(2);
            assertThat(server.stderr()).contains("pgmcp: " + problem);
        }
    }

    @Test
    void aNonLoopbackListenWithoutAuthenticationFailsTheCheck() throws Exception {
        checkAndStartUpRefuse(LISTEN_RULE, "--listen", "0.0.0.0:" + HttpProcess.freePort());
    }

    @Test
    void anInvalidAccessSectionFailsTheCheck() throws Exception {
        Path config = config("""
                access:
                  api-keys:
                    - {name: reporting-bot, sha256: 3b1f, profile: analyst}
                """);
        checkAndStartUpRefuse(config + ": access.api-keys[0]", "--config", config.toString());
    }

    @Test
    void aTemplateOnATableThatDoesNotExistFailsTheHttpCheck() throws Exception {
        Path config = config("""
                templates:
                  order_status:
                    description: Status of one order
                    sql: SELECT status FROM sales.ordrs WHERE id = $1
                    parameters: [{name: id, type: integer}]
                """);
        checkAndStartUpRefuse(config + ": template 'order_status': the sql does not prepare in the database: "
                + "PostgreSQL error 42P01: relation \"sales.ordrs\" does not exist", "--config", config.toString());
    }

    @Test
    void aProfileGlobThatMatchesNothingFailsTheHttpCheck() throws Exception {
        Path config = config("profiles:\n  analyst:\n    tables: {deny: [sales.nonexistent]}\n");
        checkAndStartUpRefuse(config + ": policy profile 'analyst': key 'tables.deny[0]': \"sales.nonexistent\" "
                + "matches no table or view", "--config", config.toString());
    }

    @Test
    void checkReportsTheHttpAndTheDatabaseProblemsTogether() throws Exception {
        Path config = config("""
                listen: 0.0.0.0:8080
                profiles:
                  analyst:
                    tables: {deny: [sales.nonexistent]}
                templates:
                  order_status:
                    description: Status of one order
                    sql: SELECT status FROM sales.ordrs WHERE id = $1
                    parameters: [{name: id, type: integer}]
                """);
        try (HttpProcess check = HttpProcess.start(check("--config", config.toString()), ReaderConnection.env(), 0)) {
            assertThat(check.waitForExit(90)).as(check.stderr()).isEqualTo(2);
            assertThat(check.stdout()).contains("role:        " + TestDatabase.get().readerUser())
                    .contains("check:       FAILED, 3 problems in the configuration");
            assertThat(check.stderr().lines().filter(line -> line.startsWith("pgmcp: "))).hasSize(3)
                    .anySatisfy(l -> assertThat(l).startsWith("pgmcp: " + LISTEN_RULE))
                    .anySatisfy(l -> assertThat(l).startsWith("pgmcp: " + config + ": policy profile 'analyst'"))
                    .anySatisfy(l -> assertThat(l).startsWith("pgmcp: " + config + ": template 'order_status'"));
        }
        // Serving stops at the first stage: what can be told without the database.
        try (HttpProcess server = HttpProcess.start(ReaderConnection.args("--config", config.toString()),
                ReaderConnection.env(), 0)) {
            assertThat(server.waitForExit(90)).isEqualTo(2);
            assertThat(server.stderr()).contains("pgmcp: " + LISTEN_RULE);
        }
    }

    @Test
    void aValidConfigurationPassesTheHttpCheck() throws Exception {
        Path config = config("""
                listen: 0.0.0.0:8080
                access:
                  api-keys:
                    - {name: reporting-bot, sha256: %s}
                """.formatted("ab".repeat(32)));
        try (HttpProcess check = HttpProcess.start(check("--config", config.toString()), ReaderConnection.env(), 0)) {
            assertThat(check.waitForExit(90)).as(check.stderr()).isZero();
            assertThat(check.stdout()).contains("profiles:    default").contains("check:       ok");
        }
    }
}
