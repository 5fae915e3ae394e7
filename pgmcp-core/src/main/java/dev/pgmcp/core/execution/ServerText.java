package dev.pgmcp.core.execution;

/**
 * Bounds text that PostgreSQL or the driver wrote, before it reaches a caller. An error message is
 * as long as the value that caused it ({@code CAST(repeat('x', 5000000) AS int)} echoes 5 MB), so
 * message, detail and hint are each cut to {@value #MAX_CHARS} characters and say that they were.
 */
public final class ServerText {

    /** Most characters kept of one field (message, detail or hint). */
    public static final int MAX_CHARS = 2048;

    private ServerText() {
    }

    /** The text, or its first {@value #MAX_CHARS} characters and a truncation marker; null stays null. */
    public static String bounded(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return text.substring(0, end) + "... [truncated by pgmcp: " + (text.length() - end) + " more characters]";
    }
}
