package dev.pgmcp.core.sql;

/**
 * The text nests comments or parentheses, or runs operator characters together, beyond the bounds
 * that keep PostgreSQL's scanner and parser cheap ({@link SqlLexer#tokenizeStatement}).
 */
public final class SqlNestingException extends SqlSyntaxException {
    private static final long serialVersionUID = 1L;

    public SqlNestingException(String message, int position) {
        super(message, position);
    }
}
