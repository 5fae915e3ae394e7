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
 *
 * <p>Statement text from a caller is lexed with {@linkplain #tokenizeStatement bounds} that keep
 * PostgreSQL's own scanner and parser cheap: PostgreSQL's scanner rescans a run of operator
 * characters ({@code +-*}{@code /<>=...}, which includes comment delimiters) at every comment start
 * and operator boundary inside it, so its time grows with the square of such a run; nested
 * comments are the worst case (12 s of server CPU for 96 KB). Deep parentheses cost recursion in
 * PostgreSQL's parser and in pgmcp's own. Text that PostgreSQL itself printed (plan expressions)
 * is lexed without bounds, so that pgmcp never loses sight of a function call in it.
 */
public final class SqlLexer {

    private static final String OPERATOR_CHARS = "~!@#^&|`?+-*/%<>=";
    /** Operator characters after which a trailing + or - may stay part of the operator. */
    private static final String NON_MATH_OPERATOR_CHARS = "~!@#^&|`?%";

    /** Deepest nesting of block comments accepted in a caller's statement. */
    public static final int MAX_COMMENT_DEPTH = 16;
    /** Deepest nesting of parentheses and brackets accepted in a caller's statement. */
    public static final int MAX_PARENTHESIS_DEPTH = 100;
    /** Longest run of operator characters accepted in a caller's statement, in code or in a block comment. */
    public static final int MAX_OPERATOR_RUN = 128;

    private final String sql;
    private final boolean standardConformingStrings;
    private final boolean bounded;
    private int parenthesisDepth;
    private int operatorRunChecked;
    private final List<SqlToken> tokens = new ArrayList<>();
    private int pos;

    private SqlLexer(String sql, boolean standardConformingStrings, boolean bounded) {
        this.sql = sql;
        this.standardConformingStrings = standardConformingStrings;
        this.bounded = bounded;
    }

    /**
     * Tokenizes {@code sql}; whitespace and comments are dropped.
     *
     * @param standardConformingStrings the session's {@code standard_conforming_strings}
     * @throws SqlSyntaxException when a string, identifier, comment or dollar quote is unterminated,
     *                            or a character is not valid PostgreSQL outside a string
     */
    public static List<SqlToken> tokenize(String sql, boolean standardConformingStrings) throws SqlSyntaxException {
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings, false);
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    /**
     * Tokenizes a caller's statement like {@link #tokenize}, and refuses text that nests block
     * comments deeper than {@value #MAX_COMMENT_DEPTH}, parentheses and brackets deeper than
     * {@value #MAX_PARENTHESIS_DEPTH}, or holds a run of more than {@value #MAX_OPERATOR_RUN}
     * operator characters, before any of it reaches PostgreSQL.
     *
     * @throws SqlNestingException when the text exceeds one of those bounds
     * @throws SqlSyntaxException  as {@link #tokenize} does
     */
    public static List<SqlToken> tokenizeStatement(String sql, boolean standardConformingStrings)
            throws SqlSyntaxException {
        SqlLexer lexer = new SqlLexer(sql, standardConformingStrings, true);
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
                nest(c);
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

    private void nest(char c) throws SqlNestingException {
        if (c == '(' || c == '[') {
            parenthesisDepth++;
            if (bounded && parenthesisDepth > MAX_PARENTHESIS_DEPTH) {
                throw new SqlNestingException("parentheses and brackets are nested more than "
                        + MAX_PARENTHESIS_DEPTH + " deep", pos + 1);
            }
        } else if ((c == ')' || c == ']') && parenthesisDepth > 0) {
            parenthesisDepth--;
        }
    }

    /**
     * Refuses the run of operator characters around {@code at} when it is longer than the bound.
     * Each run is measured once, so the lexer itself stays linear.
     */
    private void checkOperatorRun(int at) throws SqlNestingException {
        if (!bounded || at < operatorRunChecked) {
            return;
        }
        int start = at;
        while (start > 0 && OPERATOR_CHARS.indexOf(sql.charAt(start - 1)) >= 0) {
            start--;
        }
        int end = at;
        while (end < sql.length() && OPERATOR_CHARS.indexOf(sql.charAt(end)) >= 0) {
            end++;
        }
        operatorRunChecked = end;
        if (end - start > MAX_OPERATOR_RUN) {
            throw new SqlNestingException("a run of " + (end - start) + " operator or comment characters (such as "
                    + "+-*/<>=) is longer than " + MAX_OPERATOR_RUN, start + 1);
        }
    }

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
    private void operator() throws SqlNestingException {
        checkOperatorRun(pos);
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
                checkOperatorRun(i);
                depth++;
                if (bounded && depth > MAX_COMMENT_DEPTH) {
                    throw new SqlNestingException("block comments are nested more than " + MAX_COMMENT_DEPTH
                            + " deep", i + 1);
                }
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
