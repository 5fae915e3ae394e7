package dev.pgmcp.server.common;

import dev.pgmcp.core.runtime.DurationText;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Parses durations as PostgreSQL settings are written: {@code 500ms}, {@code 15s}, {@code 2min}
 * (or {@code 2m}), {@code 1h}, {@code 1d}; a bare number means milliseconds, as for statement_timeout.
 * The picocli face of {@link DurationText}, pgmcp's one duration format.
 */
public final class Durations implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        try {
            return DurationText.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
