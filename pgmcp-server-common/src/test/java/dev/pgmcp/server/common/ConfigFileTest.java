package dev.pgmcp.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("pgmcp.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void readsOptionsAndSections() throws Exception {
        Path file = write("""
                statement-timeout: 30s
                profiles:
                  analyst:
                    tables: {deny: ["hr.*"]}
                """);
        ConfigFile config = ConfigFile.load(file, Set.of("statement-timeout"));
        assertThat(config.get("statement-timeout")).isEqualTo("30s");
        assertThat(config.section("profiles").path("analyst").path("tables").path("deny").get(0).asString())
                .isEqualTo("hr.*");
        assertThat(config.section("templates")).isNull();
    }

    @Test
    void unknownKeyFailsAndNamesTheSections() throws Exception {
        Path file = write("statment-timeout: 30s\n");
        assertThatThrownBy(() -> ConfigFile.load(file, Set.of("statement-timeout")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("unknown key 'statment-timeout'")
                .hasMessageContaining("profiles");
    }

    @Test
    void nestedValueUnderAnOptionKeyFails() throws Exception {
        Path file = write("statement-timeout: {a: 1}\n");
        assertThatThrownBy(() -> ConfigFile.load(file, Set.of("statement-timeout")))
                .hasMessageContaining("must have a single value");
    }

    @Test
    void loadSectionsLeavesOptionKeysUnchecked() throws Exception {
        Path file = write("anything: 1\naccess:\n  - {api-key: ops, profile: analyst}\n");
        ConfigFile config = ConfigFile.loadSections(file);
        assertThat(config.get("anything")).isEqualTo("1");
        assertThat(config.section("access").isArray()).isTrue();
    }

    @Test
    void unknownSectionNameIsAProgrammingError() {
        assertThatThrownBy(() -> ConfigFile.empty().section("nope")).isInstanceOf(IllegalArgumentException.class);
    }
}
