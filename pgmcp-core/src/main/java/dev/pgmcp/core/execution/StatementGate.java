package dev.pgmcp.core.execution;

import dev.pgmcp.core.sql.SqlNestingException;
import dev.pgmcp.core.sql.SqlSyntaxException;
import dev.pgmcp.core.sql.StatementText;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

/**
 * Layer L1 and the input bounds: the request is sane in size and encoding, holds exactly one
 * statement (counted by pgmcp's lexer and by pgjdbc's, which is what would split it on the
 * wire), and that statement is a query, not a command.
 */
public final class StatementGate {

    private static final Set<String> QUERY_KEYWORDS = Set.of("SELECT", "WITH", "VALUES", "TABLE", "(");

    private final ExecutionLimits limits;

    public StatementGate(ExecutionLimits limits) {
        this.limits = limits;
    }

    /** Checks size, encoding and parameters of the request. */
    public void checkInput(QueryRequest request) throws QueryRefusedException {
        String sql = request.sql();
        if (sql.isBlank()) {
            throw new QueryRefusedException(Layer.INPUT, "empty-sql", "The SQL text is empty.",
                    "Send one SELECT statement.");
        }
        if (sql.length() > limits.maxSqlLength()) {
            throw new QueryRefusedException(Layer.INPUT, "sql-length", "The SQL text has " + sql.length()
                    + " characters; the limit is " + limits.maxSqlLength() + ".", "Send a shorter query.");
        }
        checkText(sql, "The SQL text");
        for (int i = 0; i < request.params().size(); i++) {
            Object value = request.params().get(i);
            if (value instanceof String s) {
                checkText(s, "Parameter $" + (i + 1));
                if (s.getBytes(StandardCharsets.UTF_8).length > limits.maxParameterBytes()) {
                    throw new QueryRefusedException(Layer.INPUT, "parameter-size", "Parameter $" + (i + 1)
                            + " is larger than " + limits.maxParameterBytes() + " bytes.", "Send a smaller value.");
                }
            } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)
                    && !(value instanceof Map) && !(value instanceof List)) {
                throw new QueryRefusedException(Layer.INPUT, "parameter-type", "Parameter $" + (i + 1)
                        + " has an unsupported type.", "Send strings, numbers, booleans, null, or JSON.");
            }
        }
        if (request.maxRows() != null && (request.maxRows() < 1 || request.maxRows() > limits.maxRowsCeiling())) {
            throw new QueryRefusedException(Layer.INPUT, "max-rows", "max_rows must be between 1 and "
                    + limits.maxRowsCeiling() + "; it was " + request.maxRows() + ".",
                    "Ask for fewer rows, or aggregate in SQL.");
        }
    }

    /**
     * Lexes and checks the statement. Returns its lexical facts.
     *
     * @param standardConformingStrings the session's setting, which changes how '\' in strings is read
     */
    public StatementText checkStatement(String sql, boolean standardConformingStrings) throws QueryRefusedException {
        StatementText text;
        try {
            text = StatementText.of(sql, standardConformingStrings);
        } catch (SqlNestingException e) {
            throw new QueryRefusedException(Layer.STATEMENT, "nesting-depth", "The SQL text is refused before it "
                    + "reaches PostgreSQL: " + e.getMessage() + " (at character " + e.position() + "). Such text costs "
                    + "the database server time that grows with the square of the nesting.",
                    "Flatten the query: remove nested comments and repeated operator characters, and use a WITH "
                    + "query instead of deeply nested subqueries.");
        } catch (SqlSyntaxException e) {
            throw new QueryRefusedException(Layer.STATEMENT, "lexical-syntax", e.getMessage() + " (at character "
                    + e.position() + ").", "Fix the SQL syntax; pgmcp reads text the way PostgreSQL does.");
        }
        if (text.statementCount() == 0) {
            throw new QueryRefusedException(Layer.STATEMENT, "empty-sql", "The SQL text holds only comments "
                    + "or semicolons.", "Send one SELECT statement.");
        }
        if (text.statementCount() > 1) {
            throw new QueryRefusedException(Layer.STATEMENT, "single-statement", "The SQL text holds "
                    + text.statementCount() + " statements; pgmcp runs exactly one per call.",
                    "Send each SELECT in its own call, or combine them with UNION ALL or subqueries.");
        }
        String first = text.firstKeyword();
        if (!QUERY_KEYWORDS.contains(first)) {
            throw new QueryRefusedException(Layer.STATEMENT, "read-statement-only", "Only queries can run: "
                    + "SELECT, WITH ... SELECT, VALUES or TABLE; this statement starts with " + first + ".",
                    hintFor(first));
        }
        String main = text.mainKeyword();
        if (Set.of("INSERT", "UPDATE", "DELETE", "MERGE").contains(main)) {
            throw new QueryRefusedException(Layer.STATEMENT, "read-statement-only", "The main statement is "
                    + main + ", which writes data; pgmcp only reads.", "Write a SELECT instead.");
        }
        if (text.dataModifyingCte() != null) {
            throw new QueryRefusedException(Layer.STATEMENT, "read-statement-only", "The WITH query at character "
                    + (text.dataModifyingCte().start() + 1) + " is a " + text.dataModifyingCte().text().toUpperCase(
                    java.util.Locale.ROOT) + ", which writes data; pgmcp only reads.",
                    "Select the rows instead of modifying them.");
        }
        if (text.intoClause() != null) {
            throw new QueryRefusedException(Layer.STATEMENT, "no-select-into", "SELECT INTO creates a table "
                    + "(at character " + (text.intoClause().start() + 1) + "); pgmcp only reads.",
                    "Remove the INTO clause to get the rows back.");
        }
        if (text.lockingClause() != null) {
            throw new QueryRefusedException(Layer.STATEMENT, "no-row-locks", "FOR UPDATE/SHARE locks rows "
                    + "(at character " + (text.lockingClause().start() + 1) + "); pgmcp never takes row locks.",
                    "Remove the locking clause.");
        }
        if (text.hiddenStatement() > 0) {
            throw new QueryRefusedException(Layer.STATEMENT, "hidden-statement", "A string, quoted name or comment "
                    + "holds what reads as another statement (at character " + text.hiddenStatement() + "); pgmcp "
                    + "does not run SQL that hides statements.",
                    "If the text is data, pass it as a parameter ($1) instead of writing it into the SQL.");
        }
        if (text.commandWord() != null) {
            String word = text.commandWord().text().toUpperCase(java.util.Locale.ROOT);
            throw new QueryRefusedException(Layer.STATEMENT, "read-statement-only", "The query contains " + word
                    + " (at character " + (text.commandWord().start() + 1) + "), a command that writes data or "
                    + "changes the schema; pgmcp only reads.", "Remove it (a missing semicolon makes PostgreSQL "
                    + "read it as a column alias); if it is a column name, write it in double quotes: \""
                    + word.toLowerCase(java.util.Locale.ROOT) + "\".");
        }
        return text;
    }

    /** Checks that the text pgjdbc will send parses, in pgjdbc too, as one statement with the expected binds. */
    public void checkDriverSplit(StatementText.JdbcForm form, boolean standardConformingStrings)
            throws QueryRefusedException {
        List<NativeQuery> queries;
        try {
            queries = Parser.parseJdbcSql(form.sql(), standardConformingStrings, true, true, false, false);
        } catch (SQLException e) {
            throw new QueryRefusedException(Layer.STATEMENT, "driver-parse", "The SQL text could not be prepared: "
                    + e.getMessage(), "Fix the SQL syntax.");
        }
        long nonEmpty = queries.stream().filter(q -> !q.nativeSql.isBlank()).count();
        int binds = queries.stream().mapToInt(q -> q.bindPositions.length).sum();
        if (nonEmpty != 1 || binds != form.parameterOrder().size()) {
            throw new QueryRefusedException(Layer.STATEMENT, "single-statement", "The SQL text does not read as "
                    + "exactly one statement to the database driver.",
                    "Send one plain SELECT statement per call.");
        }
    }

    private static void checkText(String text, String what) throws QueryRefusedException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                throw new QueryRefusedException(Layer.INPUT, "nul-byte", what + " contains a NUL character at position "
                        + (i + 1) + ", which PostgreSQL cannot store.", "Remove it.");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw invalidUnicode(what, i);
            }
            if (Character.isLowSurrogate(c)) {
                throw invalidUnicode(what, i);
            }
        }
    }

    private static QueryRefusedException invalidUnicode(String what, int index) {
        return new QueryRefusedException(Layer.INPUT, "invalid-unicode", what + " is not valid Unicode (a lone "
                + "surrogate at position " + (index + 1) + ").", "Send valid UTF-8 text.");
    }

    private static String hintFor(String keyword) {
        return switch (keyword) {
            case "SHOW" -> "Use SELECT current_setting('name') to read a setting.";
            case "EXPLAIN" -> "Send the SELECT itself; pgmcp checks its plan on its own.";
            case "BEGIN", "START", "COMMIT", "ROLLBACK", "END", "ABORT", "SAVEPOINT", "RELEASE" ->
                    "pgmcp manages transactions itself: every call is its own read-only transaction.";
            case "SET", "RESET" -> "Session settings cannot be changed through pgmcp.";
            default -> "Write a SELECT query; pgmcp cannot change data, schema or settings.";
        };
    }
}
