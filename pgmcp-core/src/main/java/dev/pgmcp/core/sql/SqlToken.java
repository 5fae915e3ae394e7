package dev.pgmcp.core.sql;

/**
 * One lexical token of PostgreSQL SQL text.
 *
 * @param kind  what the token is
 * @param start offset of the first character in the original text
 * @param end   offset after the last character
 * @param text  the token's text as written (quotes and prefixes included)
 */
public record SqlToken(Kind kind, int start, int end, String text) {

    /** Token kinds, following PostgreSQL's scanner (src/backend/parser/scan.l). */
    public enum Kind {
        /** Unquoted identifier or key word. */
        WORD,
        /** Double-quoted identifier, also {@code U&"..."}. */
        QUOTED_IDENTIFIER,
        /** String constant of any form: '...', E'...', B'...', X'...', N'...', U&'...', $tag$...$tag$. */
        STRING,
        NUMBER,
        /** Positional parameter {@code $n}. */
        PARAMETER,
        OPERATOR,
        /** One of {@code ( ) [ ] , ; : .} or {@code ::}. */
        PUNCTUATION
    }

    /** True for an unquoted word equal, ignoring case, to {@code keyword}. */
    public boolean isKeyword(String keyword) {
        return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /**
     * The identifier this token names, as PostgreSQL stores it: unquoted words folded to lower case
     * (ASCII only, as PostgreSQL does for UTF-8), quoted ones verbatim with {@code ""} unescaped,
     * {@code U&"..."} with its Unicode escapes decoded (escape character {@code \} unless a
     * UESCAPE clause gives another). Null for other kinds of token.
     */
    public String identifierValue(char unicodeEscape) {
        if (kind == Kind.WORD) {
            StringBuilder folded = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                folded.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
            }
            return folded.toString();
        }
        if (kind != Kind.QUOTED_IDENTIFIER) {
            return null;
        }
        boolean unicode = text.charAt(0) != '"';
        String body = text.substring(unicode ? 3 : 1, text.length() - 1).replace("\"\"", "\"");
        return unicode ? decodeUnicodeEscapes(body, unicodeEscape) : body;
    }

    /** {@link #identifierValue(char)} with the default escape character. */
    public String identifierValue() {
        return identifierValue('\\');
    }

    private static String decodeUnicodeEscapes(String body, char escape) {
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != escape) {
                out.append(c);
            } else if (i + 1 < body.length() && body.charAt(i + 1) == escape) {
                out.append(escape);
                i++;
            } else if (i + 1 < body.length() && body.charAt(i + 1) == '+' && isHex(body, i + 2, 6)) {
                out.appendCodePoint(Integer.parseInt(body.substring(i + 2, i + 8), 16));
                i += 7;
            } else if (isHex(body, i + 1, 4)) {
                out.append((char) Integer.parseInt(body.substring(i + 1, i + 5), 16));
                i += 4;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isHex(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /** True for the punctuation or operator token {@code symbol}. */
    public boolean is(String symbol) {
        return (kind == Kind.PUNCTUATION || kind == Kind.OPERATOR) && text.equals(symbol);
    }
}
