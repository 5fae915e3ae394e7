package dev.pgmcp.policy.profile;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as PostgreSQL settings are written: {@code 500ms}, {@code 15s}, {@code 2min} (or
 * {@code 2m}), {@code 1h}, {@code 1d}; a bare number means milliseconds, as for statement_timeout.
 */
public final class ConfigDurations {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d{1,12})\\s*(ms|s|m|min|h|d)?\\s*");

    private ConfigDurations() {
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
}
