package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.testing.TestCertificates;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@link SmallHeapIT} over TLS: with {@code -Xmx256m} and {@code sslmode=verify-full}, a 120 MB error
 * is answered cut and the server keeps serving. The error is cut above TLS, where the plain-socket
 * filter sees only ciphertext. The server takes TLS connections only.
 */
class SmallHeapTlsIT {

    @TempDir
    static Path tls;
    private static LocalPostgresCluster cluster;
    private static JsonNode output;

    @BeforeAll
    static void runScenario() throws Exception {
        TestCertificates certificates = TestCertificates.create(tls, "nobody");
        cluster = TestDatabase.startDedicatedCluster(certificates.serverOptions()
                .setting("log_min_messages", "log") // the 120 MB error need not reach this cluster's log
                .hbaLine("hostssl all all 127.0.0.1/32 trust")
                .hbaLine("host all all 0.0.0.0/0 reject")
                .build());
        String database = org.postgresql.Driver.parseURL(TestDatabase.createFixtureDatabase(cluster), null)
                .getProperty("PGDBNAME");
        String url = "postgresql://" + TestDatabase.get().readerUser() + "@localhost:" + cluster.port() + "/" + database
                + "?sslmode=verify-full&sslrootcert=" + certificates.caCertificate();
        output = OfficialClient.run(List.of("-Xmx256m"), List.of("--url", url, "--log-level", "warn"), Map.of(),
                List.of(select("SELECT CAST(repeat('x', 120000000) AS int)"),
                        select("SELECT CAST(repeat('x', 120000000) AS int)"),
                        select("SELECT 41 + 1 AS answer")));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Map<String, Object> select(String sql) {
        return OfficialClient.call("execute_select", Map.of("sql", sql));
    }

    @Test
    void anErrorOf120MbOverTlsIsAnsweredShortEveryTime() {
        for (int i = 0; i < 2; i++) {
            JsonNode error = output.path("results").get(i);
            assertThat(error.path("isError").asBoolean()).isTrue();
            assertThat(error.path("text").asString()).contains("22P02").contains("invalid input syntax for type integer")
                    .contains("[truncated by pgmcp: " + (120_000_041 - 1900) + " more bytes]");
            assertThat(error.path("text").asString().length()).isLessThan(10_000);
        }
    }

    @Test
    void theServerAnswersANormalQueryAfterwards() {
        JsonNode next = output.path("results").get(2);
        assertThat(next.path("isError").asBoolean()).as(next.toString()).isFalse();
        assertThat(next.path("structuredContent").path("rows").get(0).get(0).asInt()).isEqualTo(42);
    }
}
