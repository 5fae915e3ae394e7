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

    /** True for the punctuation or operator token {@code symbol}. */
    public boolean is(String symbol) {
        return (kind == Kind.PUNCTUATION || kind == Kind.OPERATOR) && text.equals(symbol);
    }
}
