package dev.pgmcp.core.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.support.TestRuntimes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecuteSelectToolTest {

    private static ExecutionLimits limits(int defaultRows, int ceiling) {
        ExecutionLimits d = ExecutionLimits.DEFAULTS;
        return new ExecutionLimits(d.statementTimeout(), d.lockTimeout(), d.idleInTransactionTimeout(), defaultRows,
                ceiling, d.maxResultBytes(), d.maxSqlLength(), d.maxParameterBytes());
    }

    @Test
    void theDefinitionIsTheSameWhateverTheLimitsAndTheExecutorEnforcesTheCeiling() throws Exception {
        try (PgmcpRuntime wide = TestRuntimes.reader(limits(200, 10_000));
             PgmcpRuntime narrow = TestRuntimes.reader(limits(2, 3))) {
            ExecuteSelectTool wideTool = new ExecuteSelectTool(wide.executor());
            ExecuteSelectTool narrowTool = new ExecuteSelectTool(narrow.executor());
            // The HTTP host lists one definition per tool name for callers of every policy profile.
            assertThat(narrowTool.definition()).isEqualTo(wideTool.definition());

            Map<String, Object> arguments = new HashMap<>();
            arguments.put("sql", "SELECT g FROM generate_series(1, 10) g");
            arguments.put("max_rows", 5);
            assertThat(wideTool.call(new ToolArguments(ExecuteSelectTool.NAME, arguments)).text()).contains("5 rows");
            assertThatThrownBy(() -> narrowTool.call(new ToolArguments(ExecuteSelectTool.NAME, arguments)))
                    .isInstanceOf(ToolException.class)
                    .hasMessageContaining("max_rows").hasMessageContaining("3");
        }
    }
}
