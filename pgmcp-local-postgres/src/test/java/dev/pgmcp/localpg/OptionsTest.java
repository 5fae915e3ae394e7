package dev.pgmcp.localpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptionsTest {

    @Test
    void builderCollectsImmutableOptions(@TempDir Path tmp) throws Exception {
        Path key = Files.writeString(tmp.resolve("k"), "key");
        LocalPostgresCluster.Options.Builder builder = LocalPostgresCluster.Options.builder()
                .settings(Map.of("ssl", "on"))
                .hbaLines(List.of("hostssl all all 127.0.0.1/32 trust"))
                .copyIntoDataDirectory(key, "server.key");
        LocalPostgresCluster.Options options = builder.build();
        builder.setting("work_mem", "1MB");

        assertThat(options.settings()).containsExactly(Map.entry("ssl", "on"));
        assertThat(options.hbaLines()).containsExactly("hostssl all all 127.0.0.1/32 trust");
        assertThat(options.dataFiles()).containsEntry("server.key", key);
        assertThatThrownBy(() -> options.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(LocalPostgresCluster.Options.defaults().settings()).isEmpty();
    }

    @Test
    void rejectsInvalidInput(@TempDir Path tmp) throws Exception {
        LocalPostgresCluster.Options.Builder b = LocalPostgresCluster.Options.builder();
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThatThrownBy(() -> b.setting("bad name", "1")).hasMessageContaining("not a valid PostgreSQL setting name");
        assertThatThrownBy(() -> b.setting("ssl", "on\nfsync = on")).hasMessageContaining("line break");
        assertThatThrownBy(() -> b.hbaLine("local all all trust\nhost all all all trust")).hasMessageContaining("line break");
        assertThatThrownBy(() -> b.copyIntoDataDirectory(file, "../escape")).hasMessageContaining("inside the data directory");
        assertThatThrownBy(() -> b.copyIntoDataDirectory(file, "/etc/passwd")).hasMessageContaining("inside the data directory");
        assertThatThrownBy(() -> b.copyIntoDataDirectory(tmp.resolve("missing"), "a")).hasMessageContaining("not a readable file");
    }
}
