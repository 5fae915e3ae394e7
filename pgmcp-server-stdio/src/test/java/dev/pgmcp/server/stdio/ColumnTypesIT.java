package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.testing.ReaderConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 9, item 2, through the shaded jar and the official client: serial keys come back as
 * numbers, types are named plainly ({@code sales.order_status}), and the same call gives the same
 * bytes, within one server and across two server starts (prompt caching depends on it).
 */
class ColumnTypesIT {

    private static final String TYPED_SELECT = "SELECT small_id, id, big_id, status, level, mood, quantity, "
            + "quantities FROM public.serial_keys";

    private static JsonNode first;
    private static JsonNode second;

    @BeforeAll
    static void runTwoServers() throws Exception {
        List<Map<String, Object>> calls = new ArrayList<>();
        calls.add(OfficialClient.call("execute_select", Map.of("sql", TYPED_SELECT)));
        calls.add(OfficialClient.call("execute_select", Map.of("sql", TYPED_SELECT)));
        calls.add(OfficialClient.call("describe_table", Map.of("table", "public.serial_keys")));
        calls.add(OfficialClient.call("list_tables", Map.of("schema", "sales")));
        first = OfficialClient.run(ReaderConnection.args("--log-level", "warn"), ReaderConnection.env(), calls);
        second = OfficialClient.run(ReaderConnection.args("--log-level", "warn"), ReaderConnection.env(), calls);
    }

    @Test
    void serialKeysAreNumbersAndTypesArePlainlyNamed() {
        JsonNode result = first.path("results").get(0).path("structuredContent");
        assertThat(result.path("columns").toString()).isEqualTo("[{\"name\":\"small_id\",\"type\":\"smallint\"},"
                + "{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"big_id\",\"type\":\"bigint\"},"
                + "{\"name\":\"status\",\"type\":\"sales.order_status\"},"
                + "{\"name\":\"level\",\"type\":\"\\\"Analytics\\\".\\\"Level\\\"\"},"
                + "{\"name\":\"mood\",\"type\":\"mood\"},{\"name\":\"quantity\",\"type\":\"integer\"},"
                + "{\"name\":\"quantities\",\"type\":\"sales.quantity[]\"}]");
        assertThat(result.path("rows").get(0).toString()).isEqualTo("[1,1,1,\"paid\",\"High\",\"happy\",3,[1,2]]");
    }

    @Test
    void theSameCallGivesTheSameBytesWithinOneServer() {
        JsonNode results = first.path("results");
        assertThat(results.get(0).path("isError").asBoolean()).isFalse();
        assertThat(results.get(1).toString()).isEqualTo(results.get(0).toString());
    }

    @Test
    void theSameCallsGiveTheSameBytesAfterARestart() {
        assertThat(second.path("tools").toString()).isEqualTo(first.path("tools").toString());
        assertThat(second.path("results").toString()).isEqualTo(first.path("results").toString());
    }
}
