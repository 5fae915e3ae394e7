package dev.pgmcp.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.policy.profile.PolicyProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerOptionsProfileTest {

    @TempDir
    Path dir;

    @CommandLine.Command(name = "t")
    static final class Host implements Runnable {
        @CommandLine.Mixin
        ServerOptions options;

        @Override
        public void run() {
        }
    }

    private static ServerOptions parse(String... args) {
        Host host = new Host();
        new CommandLine(host).parseArgs(args);
        return host.options;
    }

    @Test
    void theExampleConfigurationsProfilesAreValid() {
        ServerOptions options = parse("--config", "../examples/pgmcp.yaml", "--profile", "support");
        Map<String, PolicyProfile> profiles = options.policyProfiles();
        assertThat(profiles).containsOnlyKeys("analyst", "support");
        assertThat(profiles.get("support").queryPatterns().enforce()).isTrue();
        assertThat(options.profile()).isEqualTo("support");
    }

    @Test
    void theDefaultProfileNeedsNoConfiguration() {
        ServerOptions options = parse();
        assertThat(options.profile()).isEqualTo("default");
        assertThat(options.policyProfiles()).isEmpty();
    }

    @Test
    void anUnknownProfileOrABadOneIsAConfigurationError() throws Exception {
        assertThatThrownBy(() -> parse("--profile", "analyst").policyProfiles())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("--profile: analyst names no policy profile; configured: none (add a 'profiles' section "
                        + "to the --config file); the built-in one is 'default'");
        Path config = dir.resolve("pgmcp.yaml");
        Files.writeString(config, "profiles:\n  analyst:\n    limits: {max-joins: lots}\n");
        assertThatThrownBy(() -> parse("--config", config.toString(), "--profile", "analyst").policyProfiles())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("policy profile 'analyst': key 'limits.max-joins' must be a whole number");
    }
}
