package dev.pgmcp.core.execution;

import java.sql.SQLException;
import java.util.function.IntUnaryOperator;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * PostgreSQL reported an error. Carries the fields PostgreSQL gives: SQLSTATE, message, detail,
 * hint and the character position in the agent's own SQL text. Message, detail and hint are
 * bounded ({@link ServerText}) and marked when cut.
 */
public final class QueryFailedException extends QueryException {
    private static final long serialVersionUID = 1L;

    private final String sqlState;
    private final String detail;
    private final String hint;
    private final int position;

    public QueryFailedException(String sqlState, String message, String detail, String hint, int position) {
        super(ServerText.bounded(message));
        this.sqlState = sqlState;
        this.detail = ServerText.bounded(detail);
        this.hint = ServerText.bounded(hint);
        this.position = position;
    }

    /**
     * Maps a driver exception. Only the server's own fields are kept, never the driver's text
     * about the connection (which may name hosts or users) for non-server errors.
     *
     * @param toUserPosition maps a position in the text sent to PostgreSQL to the agent's text; 0 when none
     */
    public static QueryFailedException from(SQLException e, IntUnaryOperator toUserPosition) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            int position = server.getPosition() > 0 ? toUserPosition.applyAsInt(server.getPosition()) : 0;
            return new QueryFailedException(server.getSQLState(), server.getMessage(), server.getDetail(),
                    server.getHint(), position);
        }
        String state = e.getSQLState() == null ? "XX000" : e.getSQLState();
        if (state.startsWith("08")) {
            return new QueryFailedException(state, "the connection to the database failed; try again", null, null, 0);
        }
        return new QueryFailedException(state, e.getMessage(), null, null, 0);
    }

    public String sqlState() {
        return sqlState;
    }

    public String detail() {
        return detail;
    }

    public String hint() {
        return hint;
    }

    /** One-based character position in the agent's SQL, or 0. */
    public int position() {
        return position;
    }

    @Override
    public String toAgentMessage() {
        StringBuilder text = new StringBuilder("PostgreSQL error ").append(sqlState).append(": ").append(getMessage());
        if (position > 0) {
            text.append(" (at character ").append(position).append(')');
        }
        if (detail != null && !detail.isEmpty()) {
            text.append("\nDetail: ").append(detail);
        }
        if (hint != null && !hint.isEmpty()) {
            text.append("\nHint: ").append(hint);
        }
        String advice = advice(sqlState);
        if (advice != null) {
            text.append('\n').append(advice);
        }
        return text.toString();
    }

    private static String advice(String sqlState) {
        if (sqlState == null) {
            return null;
        }
        return switch (sqlState) {
            case "57014" -> "The query ran longer than the statement timeout: add filters or a LIMIT, "
                    + "or aggregate in SQL.";
            case "55P03" -> "A lock held by another session blocked the query: try again later.";
            case "25006" -> "pgmcp runs every query in a read-only transaction: only reads are possible.";
            case "42501" -> "The database role pgmcp uses lacks a privilege this query needs (on a table, column or "
                    + "function): query other objects or columns, or ask the database owner for a grant.";
            default -> null;
        };
    }
}
