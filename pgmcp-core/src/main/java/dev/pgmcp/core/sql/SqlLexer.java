package dev.pgmcp.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens the way PostgreSQL's own scanner does, so that statement
 * boundaries, strings, comments and dollar quotes are found where the server finds them.
 *
 * <p>Handles nested block comments, {@code E''} escapes, {@code standard_conforming_strings},
 * dollar quotes with tags, {@code U&} identifiers and strings, and positional parameters.
 * Characters that PostgreSQL does not accept outside strings (for example {@code {}}, which
 * JDBC drivers would rewrite as escape syntax) are rejected.
 */
public final class SqlLexer {

    private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";
    /** Operator characters after which a trailing + or - may stay part of the operator. */
    private static final String NON_MATH_OPERATOR_CHARS = "~!@#^&|`?%";

    private final String sql;
    private final boolean standardConformingStrings;
    private final List<SqlToken> tokens = new ArrayList<>();
    private int pos;

    private SqlLexer(String sql, boolean standardConformingStrings) {
        this.sql = sql;
        this.standardConformingStrings = standardConformingStrings;
    }

    /**
     * Tokenizes {@code sql}; whitespace and comments are dropped.
     *
     * @param standardConformingStrings the session's {@code standard_conforming_strings}
     * @throws SqlSyntaxException when a string, identifier, comment or dollar quote is unterminated,
     *                            or a character is not valid PostgreSQL outside a string
     */
    public static List<SqlToken> tokenize(String sql, boolean standardConformingStrings) throws SqlSyntaxException {
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() throws SqlSyntaxException {
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (isWhitespace(c)) {
                pos++;
            } else if (c == '-' && peek(1) == '-') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '\'') {
                quotedString(pos, pos, standardConformingStrings ? Escapes.NONE : Escapes.BACKSLASH);
            } else if (c == '"') {
                quotedIdentifier(pos, pos);
            } else if ((c == 'e' || c == 'E') && peek(1) == '\'') {
                quotedString(pos, pos + 1, Escapes.BACKSLASH);
            } else if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && peek(1) == '\'') {
                quotedString(pos, pos + 1, c == 'n' || c == 'N'
                        ? (standardConformingStrings ? Escapes.NONE : Escapes.BACKSLASH) : Escapes.NONE);
            } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '\'') {
                quotedString(pos, pos + 2, Escapes.NONE);
            } else if ((c == 'u' || c == 'U') && peek(1) == '&' && peek(2) == '"') {
                quotedIdentifier(pos, pos + 2);
            } else if (c == '$') {
                dollar();
            } else if (isIdentifierStart(c)) {
                word();
            } else if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
                number();
            } else if (c == ':' && peek(1) == ':') {
                add(SqlToken.Kind.PUNCTUATION, pos, pos + 2);
            } else if (c == ':' && peek(1) == '=') {
                add(SqlToken.Kind.OPERATOR, pos, pos + 2);
            } else if ("()[],;:.".indexOf(c) >= 0) {
                add(SqlToken.Kind.PUNCTUATION, pos, pos + 1);
            } else if (OPERATOR_CHARS.indexOf(c) >= 0) {
                operator();
            } else {
                throw new SqlSyntaxException("syntax error: character '" + printable(c)
                        + "' is not valid PostgreSQL outside a string or quoted identifier", pos + 1);
            }
        }
    }

    private enum Escapes { NONE, BACKSLASH }

    private void quotedString(int tokenStart, int quote, Escapes escapes) throws SqlSyntaxException {
        int i = quote + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\\' && escapes == Escapes.BACKSLASH) {
                i += 2;
            } else if (c == '\'') {
                if (i + 1 < n && sql.charAt(i + 1) == '\'') {
                    i += 2;
                } else {
                    add(SqlToken.Kind.STRING, tokenStart, i + 1);
                    return;
                }
            } else {
                i++;
            }
        }
        throw new SqlSyntaxException("unterminated quoted string", tokenStart + 1);
    }

    private void quotedIdentifier(int tokenStart, int quote) throws SqlSyntaxException {
        int i = quote + 1;
        int n = sql.length();
        while (i < n) {
            if (sql.charAt(i) == '"') {
                if (i + 1 < n && sql.charAt(i + 1) == '"') {
                    i += 2;
                } else {
                    if (i == quote + 1) {
                        throw new SqlSyntaxException("zero-length delimited identifier", tokenStart + 1);
                    }
                    add(SqlToken.Kind.QUOTED_IDENTIFIER, tokenStart, i + 1);
                    return;
                }
            } else {
                i++;
            }
        }
        throw new SqlSyntaxException("unterminated quoted identifier", tokenStart + 1);
    }

    private void dollar() throws SqlSyntaxException {
        int start = pos;
        int i = pos + 1;
        int n = sql.length();
        if (i < n && isDigit(sql.charAt(i))) {
            while (i < n && isDigit(sql.charAt(i))) {
                i++;
            }
            add(SqlToken.Kind.PARAMETER, start, i);
            return;
        }
        // Dollar quote: $tag$ where tag is empty or starts with a non-digit identifier character.
        while (i < n && isDollarTagChar(sql.charAt(i))) {
            i++;
        }
        if (i < n && sql.charAt(i) == '$') {
            String delimiter = sql.substring(start, i + 1);
            int close = sql.indexOf(delimiter, i + 1);
            if (close < 0) {
                throw new SqlSyntaxException("unterminated dollar-quoted string", start + 1);
            }
            add(SqlToken.Kind.STRING, start, close + delimiter.length());
            return;
        }
        throw new SqlSyntaxException("syntax error at or near \"$\"", start + 1);
    }

    private void word() {
        int start = pos;
        int i = pos + 1;
        while (i < sql.length() && isIdentifierContinue(sql.charAt(i))) {
            i++;
        }
        add(SqlToken.Kind.WORD, start, i);
    }

    private void number() {
        int start = pos;
        int i = pos;
        int n = sql.length();
        while (i < n && isDigit(sql.charAt(i))) {
            i++;
        }
        if (i < n && sql.charAt(i) == '.' && !(i + 1 < n && sql.charAt(i + 1) == '.')) {
            i++;
            while (i < n && isDigit(sql.charAt(i))) {
                i++;
            }
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        add(SqlToken.Kind.NUMBER, start, i);
    }

    /** Operator rules of scan.l: stop before an embedded comment start; trim trailing + and -. */
    private void operator() {
        int start = pos;
        int i = pos;
        int n = sql.length();
        while (i < n && OPERATOR_CHARS.indexOf(sql.charAt(i)) >= 0) {
            if (i > start && ((sql.charAt(i) == '-' && peekAt(i + 1) == '-')
                    || (sql.charAt(i) == '/' && peekAt(i + 1) == '*'))) {
                break;
            }
            i++;
        }
        int end = i;
        if (end - start > 1 && (sql.charAt(end - 1) == '+' || sql.charAt(end - 1) == '-')) {
            boolean keep = false;
            for (int k = start; k < end; k++) {
                if (NON_MATH_OPERATOR_CHARS.indexOf(sql.charAt(k)) >= 0) {
                    keep = true;
                    break;
                }
            }
            if (!keep) {
                while (end - start > 1 && (sql.charAt(end - 1) == '+' || sql.charAt(end - 1) == '-')) {
                    end--;
                }
            }
        }
        add(SqlToken.Kind.OPERATOR, start, end);
    }

    private void skipLineComment() {
        int i = pos + 2;
        while (i < sql.length() && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
            i++;
        }
        pos = i;
    }

    private void skipBlockComment() throws SqlSyntaxException {
        int start = pos;
        int depth = 0;
        int i = pos;
        int n = sql.length();
        while (i < n) {
            if (sql.charAt(i) == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else if (sql.charAt(i) == '*' && i + 1 < n && sql.charAt(i + 1) == '/') {
                depth--;
                i += 2;
                if (depth == 0) {
                    pos = i;
                    return;
                }
            } else {
                i++;
            }
        }
        throw new SqlSyntaxException("unterminated /* comment", start + 1);
    }

    private void add(SqlToken.Kind kind, int start, int end) {
        tokens.add(new SqlToken(kind, start, end, sql.substring(start, end)));
        pos = end;
    }

    private char peek(int offset) {
        return peekAt(pos + offset);
    }

    private char peekAt(int index) {
        return index < sql.length() ? sql.charAt(index) : '\0';
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= '\u0080';
    }

    private static boolean isIdentifierContinue(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDollarTagChar(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }

    private static String printable(char c) {
        return c < ' ' ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
