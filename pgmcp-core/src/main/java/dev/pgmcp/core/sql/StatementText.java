package dev.pgmcp.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lexical facts about one piece of SQL text: how many statements it holds, what kind the
 * (single) statement is, its top-level clauses and its positional parameters.
 */
public final class StatementText {

    private static final Set<String> MAIN_STATEMENT_KEYWORDS =
            Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE");

    /** Key words that start a statement which writes data, changes the schema or grants. */
    private static final Set<String> COMMAND_KEYWORDS = Set.of("INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE",
            "DROP", "CREATE", "ALTER", "GRANT", "REVOKE", "COPY");

    private static final Pattern HIDDEN_STATEMENT = Pattern.compile(
            ";\\s*(?:insert|update|delete|merge|truncate|drop|create|alter|grant|revoke|copy)\\b",
            Pattern.CASE_INSENSITIVE);

    private final String sql;
    private final List<SqlToken> tokens;
    private final int statementCount;
    private final String firstKeyword;
    private final String mainKeyword;
    private final SqlToken intoClause;
    private final SqlToken lockingClause;
    private final SqlToken dataModifyingCte;
    private final SqlToken commandWord;
    private final int hiddenStatement;
    private final TreeSet<Integer> parameterNumbers;

    private StatementText(String sql, List<SqlToken> tokens) {
        this.sql = sql;
        this.tokens = tokens;
        this.statementCount = countStatements(tokens);
        this.firstKeyword = tokens.isEmpty() ? "" : firstKeywordOf(tokens);
        this.mainKeyword = mainKeywordOf(tokens);
        this.intoClause = tokens.stream().filter(t -> t.isKeyword("INTO")).findFirst().orElse(null);
        this.lockingClause = findLockingClause(tokens);
        this.dataModifyingCte = findDataModifyingCte(tokens);
        this.commandWord = tokens.stream().filter(t -> t.kind() == SqlToken.Kind.WORD
                && COMMAND_KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT))).findFirst().orElse(null);
        this.hiddenStatement = findHiddenStatement(sql, tokens);
        this.parameterNumbers = new TreeSet<>();
        for (SqlToken token : tokens) {
            if (token.kind() == SqlToken.Kind.PARAMETER) {
                parameterNumbers.add(parseParameterNumber(token));
            }
        }
    }

    /**
     * Lexes {@code sql} with the nesting bounds of {@link SqlLexer#tokenizeStatement} and computes its facts.
     *
     * @throws SqlNestingException when the text nests comments or parentheses too deep
     */
    public static StatementText of(String sql, boolean standardConformingStrings) throws SqlSyntaxException {
        return new StatementText(sql, SqlLexer.tokenizeStatement(sql, standardConformingStrings));
    }

    public String sql() {
        return sql;
    }

    public List<SqlToken> tokens() {
        return tokens;
    }

    /** Non-empty statements separated by semicolons, as PostgreSQL would count them. */
    public int statementCount() {
        return statementCount;
    }

    /** The first key word of the text, upper case ("(" for a parenthesised query, "" when empty). */
    public String firstKeyword() {
        return firstKeyword;
    }

    /**
     * The key word of the main statement: for {@code WITH ... SELECT} it is {@code SELECT}, for
     * {@code WITH ... DELETE} it is {@code DELETE}. Empty when none is found at the top level.
     */
    public String mainKeyword() {
        return mainKeyword;
    }

    /**
     * The first {@code INTO} key word at any depth, or null. INTO is reserved, so in a statement that
     * starts as a query it can only be SELECT INTO, also inside parentheses: {@code (SELECT * INTO t FROM x)}.
     */
    public SqlToken intoClause() {
        return intoClause;
    }

    /** The {@code FOR} of a {@code FOR UPDATE/SHARE/NO KEY UPDATE/KEY SHARE} clause anywhere, or null. */
    public SqlToken lockingClause() {
        return lockingClause;
    }

    /**
     * The key word of a data-modifying WITH query ({@code AS (DELETE ...)}, also {@code AS MATERIALIZED (...)}),
     * or null.
     */
    public SqlToken dataModifyingCte() {
        return dataModifyingCte;
    }

    /**
     * The first unquoted word that starts a writing or schema-changing command ({@code INSERT},
     * {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code TRUNCATE}, {@code DROP}, {@code CREATE},
     * {@code ALTER}, {@code GRANT}, {@code REVOKE}, {@code COPY}) anywhere in the text, or null. In a
     * query such a word is at best a column name (PostgreSQL even reads {@code SELECT 1 DELETE FROM t}
     * as a column label); usually it is a statement that lost its semicolon.
     */
    public SqlToken commandWord() {
        return commandWord;
    }

    /**
     * One-based position of a string, quoted identifier or comment whose text holds a semicolon
     * followed by a command key word ({@code '...; DELETE ...'}), which readers that split SQL
     * differently from PostgreSQL could run as a statement of its own; 0 when there is none.
     */
    public int hiddenStatement() {
        return hiddenStatement;
    }

    /**
     * Every function call in the text, found the way PostgreSQL reads names: unquoted names folded
     * to lower case, quoted and {@code U&"..."} names decoded, in FROM as anywhere else. Key words
     * that take parentheses ({@code IN (}, {@code EXISTS (}, ...) are included and harmless to policy.
     */
    public List<FunctionCall> functionCalls() {
        return functionCallsOf(tokens);
    }

    /** Function calls in any SQL expression text, for example the expressions of an EXPLAIN VERBOSE plan. */
    public static List<FunctionCall> functionCallsIn(String expression) {
        try {
            return functionCallsOf(SqlLexer.tokenize(expression, true));
        } catch (SqlSyntaxException e) {
            return List.of();
        }
    }

    private static List<FunctionCall> functionCallsOf(List<SqlToken> tokens) {
        List<FunctionCall> calls = new ArrayList<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.kind() != SqlToken.Kind.WORD && token.kind() != SqlToken.Kind.QUOTED_IDENTIFIER) {
                continue;
            }
            int next = i + 1;
            char escape = '\\';
            if (token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER && next + 1 < tokens.size()
                    && tokens.get(next).isKeyword("UESCAPE") && tokens.get(next + 1).kind() == SqlToken.Kind.STRING) {
                String escapeLiteral = tokens.get(next + 1).text();
                escape = escapeLiteral.length() == 3 ? escapeLiteral.charAt(1) : escape;
                next += 2;
            }
            if (next >= tokens.size() || !tokens.get(next).is("(")) {
                continue;
            }
            String schema = null;
            if (i >= 2 && tokens.get(i - 1).is(".")) {
                // The part before the name, read as a name ({@code U&"..." UESCAPE '!'} too); {@code db.schema.f}
                // gives schema, a name PostgreSQL resolves only when db is the current database.
                schema = QualifiedName.endingAt(tokens, i - 2).map(QualifiedName::name).orElse(null);
            }
            calls.add(new FunctionCall(schema, token.identifierValue(escape), token.start() + 1));
        }
        return calls;
    }

    /** The distinct {@code $n} numbers used, in ascending order. */
    public Set<Integer> parameterNumbers() {
        return parameterNumbers;
    }

    /** The highest {@code $n} used, or 0. */
    public int maxParameterNumber() {
        return parameterNumbers.isEmpty() ? 0 : parameterNumbers.last();
    }

    /**
     * The text rewritten for pgjdbc's prepared statements: every {@code $n} becomes {@code ?} and
     * every {@code ?} of an operator (jsonb {@code ?}, {@code ?|}, {@code ?&}) is doubled, so
     * the driver sends exactly the user's statement. Nothing else changes.
     *
     * @return the rewritten text and, for each {@code ?} in order, the one-based {@code $n} it binds
     */
    public JdbcForm toJdbcForm() {
        StringBuilder out = new StringBuilder(sql.length() + 8);
        List<Integer> order = new ArrayList<>();
        List<int[]> shifts = new ArrayList<>();
        int copied = 0;
        int shift = 0;
        for (SqlToken token : tokens) {
            if (token.kind() == SqlToken.Kind.PARAMETER) {
                out.append(sql, copied, token.start()).append('?');
                order.add(parseParameterNumber(token));
                copied = token.end();
                // pgjdbc sends the k-th ? as $k: record how the length changes at this point.
                shift += ("$" + order.size()).length() - token.text().length();
                shifts.add(new int[] {token.end(), shift});
            } else if (token.kind() == SqlToken.Kind.OPERATOR && token.text().indexOf('?') >= 0) {
                out.append(sql, copied, token.start()).append(token.text().replace("?", "??"));
                copied = token.end();
            }
        }
        out.append(sql, copied, sql.length());
        return new JdbcForm(out.toString(), List.copyOf(order), List.copyOf(shifts));
    }

    /**
     * SQL for pgjdbc and the {@code $n} each of its {@code ?} placeholders stands for.
     *
     * @param sql            text to prepare
     * @param parameterOrder for the i-th {@code ?}, the one-based parameter number it binds
     * @param shifts         (end offset in the original text, cumulative length change) after each placeholder
     */
    public record JdbcForm(String sql, List<Integer> parameterOrder, List<int[]> shifts) {

        /**
         * Maps a one-based position in the text PostgreSQL received (pgjdbc's native SQL, where the
         * k-th placeholder reads {@code $k}) to the position in the original text.
         */
        public int toOriginalPosition(int nativePosition) {
            int shift = 0;
            for (int[] s : shifts) {
                if (nativePosition - 1 >= s[0] + s[1]) {
                    shift = s[1];
                } else {
                    break;
                }
            }
            return Math.max(1, nativePosition - shift);
        }
    }

    private static int parseParameterNumber(SqlToken token) {
        String digits = token.text().substring(1);
        if (digits.length() > 6) {
            return Integer.MAX_VALUE;
        }
        return Integer.parseInt(digits);
    }

    private static int countStatements(List<SqlToken> tokens) {
        int count = 0;
        boolean inStatement = false;
        for (SqlToken token : tokens) {
            if (token.is(";")) {
                inStatement = false;
            } else if (!inStatement) {
                inStatement = true;
                count++;
            }
        }
        return count;
    }

    private static String firstKeywordOf(List<SqlToken> tokens) {
        SqlToken first = tokens.get(0);
        if (first.is("(")) {
            return "(";
        }
        return first.kind() == SqlToken.Kind.WORD ? first.text().toUpperCase(Locale.ROOT) : first.text();
    }

    /**
     * Without WITH, the first word (after any opening parentheses). With WITH, the first
     * statement key word at depth zero, which follows the parenthesised CTE bodies.
     */
    private static String mainKeywordOf(List<SqlToken> tokens) {
        boolean with = !tokens.isEmpty() && tokens.get(0).isKeyword("WITH");
        int depth = 0;
        for (SqlToken token : tokens) {
            if (token.is("(") || token.is("[")) {
                depth++;
            } else if (token.is(")") || token.is("]")) {
                depth--;
            } else if (token.is(";")) {
                break;
            } else if (token.kind() == SqlToken.Kind.WORD) {
                String word = token.text().toUpperCase(Locale.ROOT);
                if (!with) {
                    return word;
                }
                if (depth == 0 && MAIN_STATEMENT_KEYWORDS.contains(word)) {
                    return word;
                }
            }
        }
        return "";
    }


    /** Checks strings, quoted identifiers and the comments between tokens for an embedded statement. */
    private static int findHiddenStatement(String sql, List<SqlToken> tokens) {
        int gapStart = 0;
        for (SqlToken token : tokens) {
            int found = hiddenIn(sql, gapStart, token.start());
            if (found > 0) {
                return found;
            }
            if (token.kind() == SqlToken.Kind.STRING || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER) {
                found = hiddenIn(sql, token.start(), token.end());
                if (found > 0) {
                    return found;
                }
            }
            gapStart = token.end();
        }
        return hiddenIn(sql, gapStart, sql.length());
    }

    private static int hiddenIn(String sql, int from, int to) {
        if (to - from < 2 || sql.indexOf(';', from) < 0 || sql.indexOf(';', from) >= to) {
            return 0;
        }
        Matcher matcher = HIDDEN_STATEMENT.matcher(sql).region(from, to);
        return matcher.find() ? matcher.start() + 1 : 0;
    }

    private static SqlToken findDataModifyingCte(List<SqlToken> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).isKeyword("AS")) {
                continue;
            }
            int j = i + 1;
            if (j < tokens.size() && tokens.get(j).isKeyword("NOT")) {
                j++;
            }
            if (j < tokens.size() && tokens.get(j).isKeyword("MATERIALIZED")) {
                j++;
            }
            if (j + 1 < tokens.size() && tokens.get(j).is("(")) {
                SqlToken body = tokens.get(j + 1);
                if (body.isKeyword("INSERT") || body.isKeyword("UPDATE") || body.isKeyword("DELETE")
                        || body.isKeyword("MERGE")) {
                    return body;
                }
            }
        }
        return null;
    }

    private static SqlToken findLockingClause(List<SqlToken> tokens) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (!token.isKeyword("FOR")) {
                continue;
            }
            SqlToken next = tokens.get(i + 1);
            if (next.isKeyword("UPDATE") || next.isKeyword("SHARE")
                    || (next.isKeyword("NO") && i + 2 < tokens.size() && tokens.get(i + 2).isKeyword("KEY"))
                    || (next.isKeyword("KEY") && i + 2 < tokens.size() && tokens.get(i + 2).isKeyword("SHARE"))) {
                return token;
            }
        }
        return null;
    }
}
