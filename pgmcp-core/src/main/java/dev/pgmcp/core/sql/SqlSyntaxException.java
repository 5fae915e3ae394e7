package dev.pgmcp.core.sql;

/** The text is not lexically valid PostgreSQL SQL, for example an unterminated string. */
public class SqlSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int position;

    public SqlSyntaxException(String message, int position) {
        super(message);
        this.position = position;
    }

    /** One-based character position, as PostgreSQL reports positions. */
    public int position() {
        return position;
    }
}
