package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgmcp.localpg.DockerPostgres;
import dev.pgmcp.localpg.LocalPostgresCluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, {@code java -jar pgmcp-stdio.jar demo --tour}: the demo sets up its
 * throwaway database as docs/role-setup.md recommends, so the start-up audit finds nothing to warn about.
 */
class DemoIT {

    @Test
    void tourStartsWithoutAuditWarnings() throws Exception {
        assumeTrue(LocalPostgresCluster.findBinaries().isPresent() || DockerPostgres.isDockerAvailable(),
                "the demo needs PostgreSQL server binaries or Docker");
        try (StdioProcess demo = StdioProcess.start(List.of("demo", "--tour"), Map.of())) {
            assertThat(demo.waitForExit(300)).as(demo.stderr()).isZero();
            StringBuilder out = new StringBuilder();
            String line;
            while ((line = demo.nextLine(1)) != null) {
                out.append(line).append('\n');
            }
            assertThat(out).contains("== list_schemas").contains("== execute_select");
            assertThat(demo.stderr()).contains("connected to PostgreSQL").contains("as pgmcp_demo@")
                    .doesNotContain("side effects").doesNotContain(" WARN ").doesNotContain(" ERROR ");
        }
    }
}
