package dev.pgmcp.policy.profile;

import dev.pgmcp.core.sql.SqlLexer;
import dev.pgmcp.core.sql.SqlSyntaxException;
import dev.pgmcp.core.sql.SqlToken;
import java.util.List;
import java.util.StringJoiner;

/**
 * The shape of a statement, for query pattern allowlisting: its tokens as PostgreSQL's lexer reads
 * them, joined by single spaces, with
 * <ul>
 *   <li>comments and whitespace dropped;</li>
 *   <li>every literal (strings of any form, dollar-quoted strings, numbers) and every {@code $n}
 *       parameter replaced by {@code ?};</li>
 *   <li>key words and unquoted identifiers lower-cased; quoted identifiers kept as written;</li>
 *   <li>a trailing semicolon dropped.</li>
 * </ul>
 * So {@code SELECT * FROM Sales.Orders WHERE id = 42 -- x} and
 * {@code select * from sales.orders where id = $1;} have the same shape,
 * {@code select * from sales.orders where id = ?}. A list of a different length
 * ({@code IN (1, 2)} and {@code IN (1, 2, 3)}) is a different shape; use {@code = ANY($1)} instead.
 */
public final class QueryShape {

    private QueryShape() {
    }

    /** The shape of {@code sql}. */
    public static String of(String sql) throws SqlSyntaxException {
        return of(SqlLexer.tokenize(sql, true));
    }

    /** The shape of already lexed tokens. */
    public static String of(List<SqlToken> tokens) {
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).is(";")) {
            end--;
        }
        StringJoiner shape = new StringJoiner(" ");
        for (int i = 0; i < end; i++) {
            SqlToken token = tokens.get(i);
            shape.add(switch (token.kind()) {
                case STRING, NUMBER, PARAMETER -> "?";
                case WORD -> token.identifierValue();
                default -> token.text();
            });
        }
        return shape.toString();
    }
}
