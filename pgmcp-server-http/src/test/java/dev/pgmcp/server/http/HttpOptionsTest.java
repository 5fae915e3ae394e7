package dev.pgmcp.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.server.common.ConfigurationException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HttpOptionsTest {

    private static HttpSettings parse(int poolSize, String... args) {
        HttpOptions options = new HttpOptions();
        new CommandLine(options).parseArgs(args);
        return options.settings(poolSize);
    }

    @Test
    void poolsAreSizedTogetherByDefault() {
        HttpSettings s = parse(4);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.maxConcurrentCalls()).isEqualTo(8);
        assertThat(s.handlerThreads()).isEqualTo(8);
        assertThat(s.httpMaxThreads()).isEqualTo(8 + HttpOptions.JETTY_SPARE_THREADS);
        assertThat(s.loopback()).isTrue();
        HttpSettings custom = parse(10, "--listen", "[::]:9000", "--max-concurrent-calls", "30", "--handler-threads", "12");
        assertThat(custom.host()).isEqualTo("::");
        assertThat(custom.httpMaxThreads()).isEqualTo(46);
        assertThat(custom.handlerThreads()).isEqualTo(12);
        assertThat(custom.loopback()).isFalse();
    }

    @Test
    void listsFromTheConfigurationFileAreSplitOnCommas() {
        // CommandLines feeds configuration-file values to picocli as default values.
        HttpOptions options = new HttpOptions();
        CommandLine commandLine = new CommandLine(options);
        commandLine.setDefaultValueProvider(argument -> argument instanceof CommandLine.Model.OptionSpec option
                && option.longestName().equals("--allowed-hosts") ? "mcp.example.com,pgmcp" : null);
        commandLine.parseArgs();
        assertThat(options.settings(4).allowedHosts()).containsExactly("mcp.example.com", "pgmcp");
    }

    @Test
    void badValuesFailWithTheOptionsName() {
        assertThatThrownBy(() -> parse(4, "--listen", "0.0.0.0")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("write HOST:PORT");
        assertThatThrownBy(() -> parse(4, "--listen", "0.0.0.0:99999")).hasMessageContaining("expected 0 to 65535");
        assertThatThrownBy(() -> parse(4, "--max-concurrent-calls", "0")).hasMessageContaining("--max-concurrent-calls");
        assertThatThrownBy(() -> parse(4, "--max-concurrent-calls", "50", "--http-max-threads", "20"))
                .hasMessageContaining("give at least 58");
        assertThatThrownBy(() -> parse(4, "--allowed-origins", "app.example.com"))
                .hasMessageContaining("write scheme://host[:port]");
        assertThatThrownBy(() -> parse(4, "--tls-keystore", "/nonexistent.p12"))
                .hasMessageContaining("is not a readable file");
        assertThatThrownBy(() -> parse(4, "--max-request-bytes", "10")).hasMessageContaining("at least 1024");
    }

    @Test
    void callerAndBodyBoundsHaveSafeDefaultsAndAreValidated() {
        HttpSettings defaults = parse(4);
        assertThat(defaults.maxConnectionsPerCaller()).isEqualTo(4);
        assertThat(defaults.minRequestDataRate()).isEqualTo(1024);
        assertThat(defaults.requestBodyTimeout()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(parse(20).maxConnectionsPerCaller()).as("half of 40 call slots").isEqualTo(20);
        HttpSettings custom = parse(4, "--max-connections-per-caller", "2", "--min-request-data-rate", "0",
                "--request-body-timeout", "5s");
        assertThat(custom.maxConnectionsPerCaller()).isEqualTo(2);
        assertThat(custom.minRequestDataRate()).isZero();
        assertThat(custom.requestBodyTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> parse(4, "--max-connections-per-caller", "0")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("--max-connections-per-caller: must be between 1 and 10000");
        assertThatThrownBy(() -> parse(4, "--min-request-data-rate", "-1"))
                .hasMessageContaining("--min-request-data-rate: must be between 0 (no minimum)");
        assertThatThrownBy(() -> parse(4, "--min-request-data-rate", "2000000"))
                .hasMessageContaining("--min-request-data-rate");
        assertThatThrownBy(() -> parse(4, "--request-body-timeout", "0s"))
                .hasMessageContaining("--request-body-timeout: must be positive");
        assertThatThrownBy(() -> parse(4, "--request-body-timeout", "2h"))
                .hasMessageContaining("--request-body-timeout: must be at most 1h");
    }
}
