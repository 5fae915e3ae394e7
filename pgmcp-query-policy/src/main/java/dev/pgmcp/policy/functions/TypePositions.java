package dev.pgmcp.policy.functions;

import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.policy.profile.ImplicitCalls;
import java.util.List;

/**
 * Where PostgreSQL's grammar expects a type name, so that a word equal to a domain's or composite's name is
 * judged as a type only there: a column alias ({@code SELECT x AS tick}) or a plain column coerces to no
 * type. The positions: after {@code ::}; after {@code AS} inside {@code CAST(...)}, {@code TREAT(...)} and
 * {@code XMLSERIALIZE(...)}; after {@code RETURNING}; before a string (a typed literal {@code t 'x'}) or a
 * parenthesis that is no column-alias list ({@code t(...)}, a function-style cast or a type modifier); after
 * a column name in a column definition list ({@code AS r(c t)}, {@code AS (c t)}, {@code f() r(c t)}) and in
 * the COLUMNS of XMLTABLE and JSON_TABLE.
 */
final class TypePositions {

    private TypePositions() {
    }

    /** True when the name that the identifier at {@code i} is part of (qualified or not) stands where a type may. */
    static boolean isTypeName(List<SqlToken> tokens, int i, ImplicitCalls implicit) {
        int start = i;
        while (start >= 2 && tokens.get(start - 1).is(".") && isIdentifier(tokens.get(start - 2))) {
            start -= 2;
        }
        int end = i;
        while (end + 2 < tokens.size() && tokens.get(end + 1).is(".") && isIdentifier(tokens.get(end + 2))) {
            end += 2;
        }
        if (end + 1 < tokens.size()) {
            SqlToken next = tokens.get(end + 1);
            if (next.kind() == SqlToken.Kind.STRING) {
                return true;
            }
            if (next.is("(") && !FunctionCheck.isColumnAliasList(tokens, start, end + 1, implicit)) {
                return true;
            }
        }
        if (start == 0) {
            return false;
        }
        SqlToken before = tokens.get(start - 1);
        if (before.is("::") || before.isKeyword("RETURNING")) {
            return true;
        }
        if (before.isKeyword("AS")) {
            int open = enclosingParenthesis(tokens, start - 1);
            return open > 0 && (tokens.get(open - 1).isKeyword("CAST") || tokens.get(open - 1).isKeyword("TREAT")
                    || tokens.get(open - 1).isKeyword("XMLSERIALIZE"));
        }
        return isIdentifier(before) && start >= 2 && isColumnDefinition(tokens, start - 1);
    }

    /** True when the identifier at {@code column} is a column name of a column definition list or COLUMNS clause. */
    private static boolean isColumnDefinition(List<SqlToken> tokens, int column) {
        SqlToken before = tokens.get(column - 1);
        boolean listed = before.is("(") || before.is(",");
        int open = before.is("(") ? column - 1 : enclosingParenthesis(tokens, column - 1);
        if (open <= 0) {
            return false;
        }
        SqlToken opener = tokens.get(open - 1);
        if (opener.isKeyword("XMLTABLE") || opener.isKeyword("JSON_TABLE")) {
            return listed || before.isKeyword("COLUMNS");
        }
        SqlToken first = tokens.get(open + 1);
        if (!listed || first.isKeyword("SELECT") || first.isKeyword("VALUES") || first.isKeyword("WITH")
                || first.isKeyword("TABLE")) {
            return false;
        }
        if (opener.isKeyword("AS") || opener.isKeyword("COLUMNS")) {
            return true;
        }
        // f(...) AS r(c t) and f(...) r(c t): an alias after AS or after the call's closing parenthesis.
        return isIdentifier(opener) && open >= 2
                && (tokens.get(open - 2).isKeyword("AS") || tokens.get(open - 2).is(")"));
    }

    /** The index of the open parenthesis enclosing the token at {@code from}, or -1. */
    private static int enclosingParenthesis(List<SqlToken> tokens, int from) {
        int depth = 0;
        for (int j = from; j >= 0; j--) {
            if (tokens.get(j).is(")")) {
                depth++;
            } else if (tokens.get(j).is("(")) {
                if (depth == 0) {
                    return j;
                }
                depth--;
            }
        }
        return -1;
    }

    private static boolean isIdentifier(SqlToken token) {
        return token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
    }
}
