package dev.pgmcp.core.runtime;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * pgmcp's one way of writing durations, as PostgreSQL settings are written: {@code 500ms},
 * {@code 15s}, {@code 2min} (or {@code 2m}), {@code 1h}, {@code 1d}; a bare number means
 * milliseconds, as for statement_timeout. Configuration, the command line, {@code --help}, log
 * lines and messages all use it, so a value is written back as it was given ({@code 30min}, never
 * {@code PT30M}).
 */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,12})\\s*(ms|s|m|min|h|d)?\\s*");
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private DurationText() {
    }

    /** @throws IllegalArgumentException when the text is not such a duration */
    public static Duration parse(String value) {
        Matcher m = FORMAT.matcher(value == null ? "" : value);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration; write it like 500ms, 15s, 2min or 1h");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /**
     * The duration in the largest unit that holds it exactly: {@code 30min}, {@code 90s},
     * {@code 1500ms}, {@code 2d}. What {@link #parse} reads back, except for a fraction of a
     * millisecond ({@code 0.5ms}) and a negative duration ({@code -15s}), which configuration never holds.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        if (duration.getNano() % 1_000_000 != 0) {
            return new BigDecimal(duration.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
        }
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0ms";
        }
        if (millis % DAY == 0) {
            return millis / DAY + "d";
        }
        if (millis % HOUR == 0) {
            return millis / HOUR + "h";
        }
        if (millis % MINUTE == 0) {
            return millis / MINUTE + "min";
        }
        if (millis % SECOND == 0) {
            return millis / SECOND + "s";
        }
        return millis + "ms";
    }
}
