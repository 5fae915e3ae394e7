package dev.pgmcp.server.stdio;

import dev.pgmcp.testing.ReaderConnection;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The jar serving a policy profile chosen with --profile from the configuration file. */
class StdioProfileIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String PROFILES = """
            profiles:
              analyst:
                schemas: {deny: [hr]}
                tables: {deny: ["sales.events"]}
                tools: [list_tables, execute_select]
            """;

    @TempDir
    Path dir;

    private static JsonNode read(StdioProcess server) throws Exception {
        String line = server.nextLine(30);
        assertThat(line).as("a response within 30 s; stderr:\n%s", server.stderr()).isNotNull();
        return JSON.readTree(line);
    }

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("pgmcp.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void servesTheChosenProfile() throws Exception {
        Path config = config(PROFILES);
        try (StdioProcess server = StdioProcess.start(ReaderConnection.args("--config", config.toString(),
                "--profile", "analyst"), ReaderConnection.env())) {
            server.send(INITIALIZE);
            assertThat(read(server).path("result").path("serverInfo").path("name").asString()).isEqualTo("pgmcp");
            server.send(INITIALIZED);

            server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            List<String> tools = new ArrayList<>();
            read(server).path("result").path("tools").forEach(t -> tools.add(t.path("name").asString()));
            assertThat(tools).containsExactly("list_tables", "execute_select");

            server.send(call(3, "execute_select", "{\"sql\":\"SELECT name FROM hr.departments\"}"));
            JsonNode refused = read(server).path("result");
            assertThat(refused.path("isError").asBoolean()).isTrue();
            assertThat(refused.path("content").get(0).path("text").asString())
                    .contains("policy layer, rule denied-schema").contains("hr.departments")
                    .contains("policy 'analyst'");

            server.send(call(4, "execute_select", "{\"sql\":\"SELECT count(*) FROM sales.events_2024_01\"}"));
            assertThat(read(server).path("result").path("content").get(0).path("text").asString())
                    .contains("rule denied-table").contains("relation \"sales.events_2024_01\" does not exist, or this "
                            + "profile does not show it").doesNotContain("part of");

            server.send(call(5, "list_tables", "{}"));
            String listed = read(server).path("result").path("content").get(0).path("text").asString();
            assertThat(listed).contains("sales.orders").doesNotContain("hr.").doesNotContain("sales.events");

            server.send(call(6, "describe_table", "{\"table\":\"sales.orders\"}"));
            JsonNode notOffered = read(server);
            assertThat(notOffered.toString()).as("describe_table is not offered to this profile").doesNotContain("customer_id bigint").containsIgnoringCase("unknown tool");
            assertThat(server.stderr()).contains("policy profile 'analyst'").doesNotContain("Exception");
        }
    }

    @Test
    void unknownProfileOrBadProfileConfigurationStopsWithOneClearLine() throws Exception {
        Path config = config(PROFILES);
        try (StdioProcess server = StdioProcess.start(ReaderConnection.args("--config", config.toString(),
                "--profile", "analysts"), ReaderConnection.env())) {
            assertThat(server.waitForExit(60)).isEqualTo(2);
            assertThat(server.stderr()).contains("--profile: analysts names no policy profile; configured: analyst")
                    .doesNotContain("\tat ");
        }
        Path bad = config("profiles:\n  analyst:\n    tables: {deny: [sales.nonexistent]}\n");
        try (StdioProcess server = StdioProcess.start(ReaderConnection.args("--config", bad.toString(),
                "--profile", "analyst"), ReaderConnection.env())) {
            assertThat(server.waitForExit(60)).isEqualTo(2);
            assertThat(server.stderr()).contains("policy profile 'analyst': key 'tables.deny[0]': "
                    + "\"sales.nonexistent\" matches no table or view").doesNotContain("\tat ");
        }
        Path unknownKey = config("profiles:\n  analyst:\n    table: {deny: [sales.orders]}\n");
        try (StdioProcess server = StdioProcess.start(ReaderConnection.args("--config", unknownKey.toString()),
                ReaderConnection.env())) {
            assertThat(server.waitForExit(60)).isEqualTo(2);
            assertThat(server.stderr()).contains("policy profile 'analyst': unknown key 'table'").doesNotContain("\tat ");
        }
    }
}
