package dev.pgmcp.core.values;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.HexFormat;

/** Conversions from PostgreSQL's text output to the JSON forms pgmcp documents. */
final class PgText {

    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("[XXXXX][XXX][X]")
            .toFormatter();

    private static final DateTimeFormatter ISO_UTC = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendLiteral('Z')
            .toFormatter();

    private PgText() {
    }

    /** {@code 2024-01-31 12:00:00.5+01} becomes {@code 2024-01-31T11:00:00.5Z}; infinity and BC stay as written. */
    static String timestamptz(String text) {
        try {
            OffsetDateTime value = OffsetDateTime.parse(text, PG_TIMESTAMPTZ);
            return ISO_UTC.format(value.withOffsetSameInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** {@code 2024-01-31 12:00:00} becomes {@code 2024-01-31T12:00:00}; infinity and BC stay as written. */
    static String timestamp(String text) {
        if (text.length() >= 19 && text.charAt(10) == ' ' && !text.endsWith(" BC")) {
            return text.substring(0, 10) + 'T' + text.substring(11);
        }
        return text;
    }

    /** Bytes in PostgreSQL's hex output form, {@code \x0a1b}. */
    static String bytea(byte[] bytes) {
        return "\\x" + HexFormat.of().formatHex(bytes);
    }
}
