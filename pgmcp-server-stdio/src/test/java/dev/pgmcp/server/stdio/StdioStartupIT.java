package dev.pgmcp.server.stdio;

import dev.pgmcp.testing.ReaderConnection;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up: help, version, configuration errors and unreachable databases end with one clear line. */
class StdioStartupIT {

    @TempDir
    Path dir;

    @Test
    void printsHelpAndVersion() throws Exception {
        try (StdioProcess help = StdioProcess.start(List.of("--help"), Map.of())) {
            assertThat(help.waitForExit(30)).isZero();
            StringBuilder out = new StringBuilder();
            String line;
            while ((line = help.nextLine(1)) != null) {
                out.append(line).append('\n');
            }
            assertThat(out).contains("--url").contains("--statement-timeout").contains("demo");
        }
        try (StdioProcess version = StdioProcess.start(List.of("--version"), Map.of())) {
            assertThat(version.waitForExit(30)).isZero();
            assertThat(version.nextLine(5)).startsWith("pgmcp ");
        }
    }

    @Test
    void failsClearlyWhenTheDatabaseIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (StdioProcess server = StdioProcess.start(List.of("--url", "postgresql://someone@127.0.0.1:" + closedPort
                + "/db?connect_timeout=2"), Map.of("PGPASSWORD", "hunter2-secret"))) {
            assertThat(server.waitForExit(60)).isEqualTo(1);
            String stderr = server.stderr();
            assertThat(stderr).contains("pgmcp: cannot connect to PostgreSQL as someone@127.0.0.1:" + closedPort + "/db")
                    .doesNotContain("hunter2-secret").doesNotContain("\tat ").doesNotContain("Exception in thread");
        }
    }

    @Test
    void refusesASuperuserRole() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (StdioProcess server = StdioProcess.start(List.of("--url", "postgresql://postgres@" + db.host() + ":"
                + db.port() + "/" + db.databaseName()), Map.of())) {
            assertThat(server.waitForExit(60)).isEqualTo(1);
            assertThat(server.stderr()).contains("refusing to serve").contains("superuser")
                    .contains("--allow-privileged-role").doesNotContain("\tat ");
        }
    }

    @Test
    void rejectsUnknownConfigurationKeysAndBadValues() throws Exception {
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, "statement-timeout: 30s\nstatment-timeout: 5s\n");
        try (StdioProcess server = StdioProcess.start(List.of("--config", config.toString()), Map.of())) {
            assertThat(server.waitForExit(30)).isEqualTo(2);
            assertThat(server.stderr()).contains("unknown key 'statment-timeout'").contains("statement-timeout");
        }
        try (StdioProcess server = StdioProcess.start(List.of("--statement-timeout", "soon"), Map.of())) {
            assertThat(server.waitForExit(30)).isEqualTo(2);
            assertThat(server.stderr()).contains("'soon' is not a duration");
        }
        try (StdioProcess server = StdioProcess.start(List.of("--url", "postgresql://h/db?sslmode=maybe"), Map.of())) {
            assertThat(server.waitForExit(30)).isEqualTo(2);
            assertThat(server.stderr()).contains("invalid sslmode value");
        }
    }

    @Test
    void readsOptionsFromTheConfigurationFile() throws Exception {
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, "url: " + ReaderConnection.args().get(1) + "\nmax-rows: 3\nlog-level: warn\n");
        try (StdioProcess server = StdioProcess.start(List.of(), Map.of("PGMCP_CONFIG", config.toString(),
                "PGPASSWORD", TestDatabase.get().readerPassword()))) {
            server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
            assertThat(server.nextLine(30)).as(server.stderr()).contains("\"serverInfo\"");
            server.send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"execute_select\","
                    + "\"arguments\":{\"sql\":\"SELECT * FROM public.big_numbers\"}}}");
            assertThat(server.nextLine(30)).contains("\"row_count\":3").contains("\"truncated\":true");
            server.closeInput();
            assertThat(server.waitForExit(30)).isZero();
        }
    }
}
