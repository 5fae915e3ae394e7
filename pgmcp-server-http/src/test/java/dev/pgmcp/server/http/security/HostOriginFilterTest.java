package dev.pgmcp.server.http.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.server.http.HttpSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostOriginFilterTest {

    private static HostOriginFilter filter(String host, List<String> hosts, List<String> origins) {
        return new HostOriginFilter(new HttpSettings(host, 8080, false, Duration.ofMinutes(1), 4, 4, 20, 4096,
                origins, hosts, null, Duration.ofSeconds(1)));
    }

    @Test
    void onLoopbackOnlyLoopbackNamesAndConfiguredOnesPass() {
        HostOriginFilter f = filter("127.0.0.1", List.of("mcp.internal"), List.of());
        assertThat(f.hostAllowed("localhost:8080")).isTrue();
        assertThat(f.hostAllowed("127.0.0.1:8080")).isTrue();
        assertThat(f.hostAllowed("[::1]:8080")).isTrue();
        assertThat(f.hostAllowed("mcp.internal:8080")).isTrue();
        assertThat(f.hostAllowed("rebind.attacker.example:8080")).isFalse();
        assertThat(f.hostAllowed("localhost.attacker.example")).isFalse();
        assertThat(f.hostAllowed("127.0.0.1.attacker.example")).isFalse();
        assertThat(f.hostAllowed("127.attacker.example")).isFalse();
        assertThat(f.originAllowed("http://127.attacker.example")).isFalse();
        assertThat(f.hostAllowed(null)).isFalse();
        assertThat(f.originAllowed("http://localhost:5173")).isTrue();
        assertThat(f.originAllowed("https://127.0.0.1")).isTrue();
        assertThat(f.originAllowed("https://evil.example")).isFalse();
        assertThat(f.originAllowed("null")).isFalse();
    }

    @Test
    void beyondLoopbackTheListsDecide() {
        HostOriginFilter open = filter("0.0.0.0", List.of(), List.of());
        assertThat(open.hostAllowed("10.0.0.7:8080")).isTrue();
        assertThat(open.originAllowed("http://localhost:3000")).as("no loopback origins beyond loopback").isFalse();
        HostOriginFilter strict = filter("0.0.0.0", List.of("mcp.example.com"), List.of("https://app.example.com"));
        assertThat(strict.hostAllowed("mcp.example.com")).isTrue();
        assertThat(strict.hostAllowed("MCP.example.com:443")).isTrue();
        assertThat(strict.hostAllowed("other.example.com")).isFalse();
        assertThat(strict.originAllowed("https://app.example.com")).isTrue();
        assertThat(strict.originAllowed("https://app.example.com.evil.example")).isFalse();
    }
}
