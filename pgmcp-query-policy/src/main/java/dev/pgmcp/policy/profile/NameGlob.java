package dev.pgmcp.policy.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A glob over a dotted name such as {@code sales.secret_*} or {@code *.password}: {@code *} matches
 * any characters, {@code ?} one; unquoted parts match ignoring case, double-quoted parts
 * ({@code "Analytics".*}) exactly and literally. A glob with fewer parts than the names it is
 * matched against is aligned to the right, the missing leading parts matching anything:
 * {@code *.password} as a column glob means any schema, any table, column {@code password}.
 */
public final class NameGlob {

    private final String text;
    private final List<Pattern> parts;
    private final boolean wildcard;

    private NameGlob(String text, List<Pattern> parts, boolean wildcard) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.wildcard = wildcard;
    }

    /**
     * Parses a glob of at most {@code maxParts} dotted parts.
     *
     * @param what what the parts are, for messages, e.g. {@code schema.table}
     * @throws IllegalArgumentException when the glob is malformed; the message says why
     */
    public static NameGlob parse(String text, int maxParts, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an empty name; write " + what);
        }
        List<Pattern> parts = new ArrayList<>();
        boolean wildcard = false;
        StringBuilder regex = new StringBuilder();
        boolean quotedPart = false;
        boolean partStarted = false;
        int i = 0;
        while (i <= text.length()) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (!partStarted) {
                    throw new IllegalArgumentException("\"" + text + "\" has an empty part; write " + what);
                }
                int flags = quotedPart ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                parts.add(Pattern.compile(regex.toString(), flags));
                regex.setLength(0);
                quotedPart = false;
                partStarted = false;
                i++;
                continue;
            }
            if (c == '"') {
                if (partStarted) {
                    throw new IllegalArgumentException("\"" + text + "\": a double quote must enclose a whole part");
                }
                int close = i + 1;
                StringBuilder literal = new StringBuilder();
                while (true) {
                    int next = text.indexOf('"', close);
                    if (next < 0) {
                        throw new IllegalArgumentException("\"" + text + "\" has an unterminated double quote");
                    }
                    literal.append(text, close, next);
                    if (next + 1 < text.length() && text.charAt(next + 1) == '"') {
                        literal.append('"');
                        close = next + 2;
                        continue;
                    }
                    close = next + 1;
                    break;
                }
                if (literal.length() == 0) {
                    throw new IllegalArgumentException("\"" + text + "\" has an empty quoted part");
                }
                if (close < text.length() && text.charAt(close) != '.') {
                    throw new IllegalArgumentException("\"" + text + "\": a double quote must enclose a whole part");
                }
                regex.append(Pattern.quote(literal.toString()));
                quotedPart = true;
                partStarted = true;
                i = close;
                continue;
            }
            if (Character.isWhitespace(c) || "[]{}()\\,;'".indexOf(c) >= 0) {
                throw new IllegalArgumentException("\"" + text + "\" contains '" + c + "'; only names, * and ? are "
                        + "allowed (quote a name with special characters in double quotes)");
            }
            if (c == '*') {
                regex.append(".*");
                wildcard = true;
            } else if (c == '?') {
                regex.append('.');
                wildcard = true;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
            partStarted = true;
            i++;
        }
        if (parts.size() > maxParts) {
            throw new IllegalArgumentException("\"" + text + "\" has " + parts.size() + " parts; write " + what);
        }
        return new NameGlob(text, parts, wildcard);
    }

    /** Whether the glob matches the name parts (as many as the glob allows at most), aligned to the right. */
    public boolean matches(String... names) {
        int offset = names.length - parts.size();
        if (offset < 0) {
            return false;
        }
        for (int i = 0; i < parts.size(); i++) {
            String name = names[offset + i];
            if (name == null || !parts.get(i).matcher(name).matches()) {
                return false;
            }
        }
        return true;
    }

    /** True when the glob has a {@code *} or {@code ?}. */
    public boolean hasWildcard() {
        return wildcard;
    }

    /** The glob as written in the configuration. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
