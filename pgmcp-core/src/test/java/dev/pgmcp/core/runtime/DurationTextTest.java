package dev.pgmcp.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.connection.PoolOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void writesTheLargestExactUnit() {
        assertThat(DurationText.format(Duration.ofMinutes(30))).isEqualTo("30min");
        assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationText.format(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(DurationText.format(Duration.ofDays(2))).isEqualTo("2d");
        assertThat(DurationText.format(Duration.ofSeconds(15))).isEqualTo("15s");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0ms");
        assertThat(DurationText.format(Duration.ofNanos(500_000))).isEqualTo("0.5ms");
        assertThat(DurationText.format(Duration.ofSeconds(-15))).isEqualTo("-15s");
    }

    @Test
    void whatItWritesReadsBack() {
        for (String text : List.of("500ms", "15s", "2min", "1h", "1d", "90s", "25h", "1500ms")) {
            assertThat(DurationText.format(DurationText.parse(text))).isEqualTo(text);
        }
        assertThat(DurationText.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationText.parse("250")).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void messagesWriteDurationsThisWay() {
        assertThatThrownBy(() -> new PoolOptions(4, Duration.ofMillis(100), Duration.ofMinutes(30),
                Duration.ofMinutes(10))).hasMessage("connection timeout must be at least 250ms, was 100ms");
        assertThatThrownBy(() -> new PoolOptions(4, Duration.ofSeconds(5), Duration.ofSeconds(20),
                Duration.ofMinutes(10))).hasMessage("max lifetime must be at least 30s, was 20s");
        assertThatThrownBy(() -> PgmcpRuntime.builder().catalogTtl(Duration.ofMinutes(-30)))
                .hasMessage("catalog TTL must be positive, was -30min");
    }

    @Test
    void refusesWhatIsNotADuration() {
        assertThatThrownBy(() -> DurationText.parse("PT30M")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'PT30M' is not a duration; write it like 500ms, 15s, 2min or 1h");
        assertThatThrownBy(() -> DurationText.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
