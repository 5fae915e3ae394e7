package dev.pgmcp.policy.profile;

import dev.pgmcp.core.sql.SqlToken;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Finds the relations that a query gives a column-alias list: {@code FROM hr.employees AS e(a, b, x)}.
 * EXPLAIN VERBOSE prints such a relation's columns under the alias names, by position, so a name in
 * the plan no longer says which column was read ({@code e(id, salary, ssn)} swaps two real names).
 * The plan cannot tell; the text can, so the relation is found from the tokens, before planning.
 *
 * <p>The grammar puts an alias list only after {@code relation_expr [AS] ColId}, where the relation
 * is {@code name}, {@code schema.name}, {@code name *} or {@code ONLY (name)}. A {@code ColId} is never
 * a reserved or type/function-name key word. Alias lists of functions, subqueries, {@code VALUES}
 * and joins are not reported: their plans show the real columns of the tables underneath. The
 * search errs on the side of reporting: {@code CAST(x AS numeric(10, 2))} is told apart by the
 * enclosing {@code CAST(}, but an odd form such as a type with modifier after a comma in a column
 * definition list may be reported too, which can only cause a needless refusal.
 */
final class ColumnAliasLists {

    /**
     * PostgreSQL's reserved and type/function-name key words (pg_get_keywords() catcode R and T): none
     * can be a table alias unquoted.
     */
    private static final Set<String> NOT_AN_ALIAS = Set.of("all", "analyse", "analyze", "and", "any", "array", "as",
            "asc", "asymmetric", "authorization", "binary", "both", "case", "cast", "check", "collate", "collation",
            "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
            "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "default",
            "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign",
            "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner", "intersect",
            "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
            "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
            "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user",
            "similar", "some", "symmetric", "table", "tablesample", "then", "to", "trailing", "true", "union",
            "unique", "user", "using", "variadic", "verbose", "when", "where", "window", "with");

    /** Words whose parenthesis holds {@code expression AS type}, where a type may have modifiers. */
    private static final Set<String> CAST_LIKE = Set.of("cast", "xmlcast", "treat", "xmlserialize");

    /** Tokens after which an unqualified relation name starts in a FROM clause. */
    private static final Set<String> BEFORE_RELATION = Set.of("from", "join", "only", ",", "(");

    /**
     * A relation named in the text.
     *
     * @param schema the schema written, or null when unqualified
     * @param name   the relation's name
     */
    record RelationName(String schema, String name) {
    }

    private ColumnAliasLists() {
    }

    /** The relations, as written, that carry a column-alias list. */
    static List<RelationName> in(List<SqlToken> tokens) {
        List<RelationName> found = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.is(")")) {
                open.poll();
                continue;
            }
            if (!token.is("(")) {
                continue;
            }
            boolean insideCast = !open.isEmpty() && open.peek() > 0 && isWordIn(tokens.get(open.peek() - 1), CAST_LIKE);
            open.push(i);
            if (insideCast || i < 2 || !isAlias(tokens.get(i - 1))) {
                continue;
            }
            int end = i - 2;
            if (tokens.get(end).isKeyword("AS")) {
                end--;
            }
            RelationName relation = relationEndingAt(tokens, end);
            if (relation != null) {
                found.add(relation);
            }
        }
        return found;
    }

    /** The relation whose reference ends at {@code end}, or null when the tokens there are no relation reference. */
    private static RelationName relationEndingAt(List<SqlToken> tokens, int end) {
        if (end < 1) {
            return null;
        }
        SqlToken last = tokens.get(end);
        if (last.is("*")) {
            return relationEndingAt(tokens, end - 1);
        }
        if (last.is(")")) {
            // ONLY (name) alias(...)
            if (end >= 3 && isName(tokens.get(end - 1)) && tokens.get(end - 2).is("(")
                    && tokens.get(end - 3).isKeyword("ONLY")) {
                return new RelationName(null, tokens.get(end - 1).identifierValue());
            }
            // ONLY (schema.name) alias(...), also db.schema.name: the name read whole.
            java.util.Optional<dev.pgmcp.core.sql.QualifiedName> name = dev.pgmcp.core.sql.QualifiedName.endingAt(tokens, end - 1);
            if (name.isPresent() && name.get().size() >= 2 && name.get().first() >= 2
                    && tokens.get(name.get().first() - 1).is("(") && tokens.get(name.get().first() - 2).isKeyword("ONLY")) {
                List<String> parts = name.get().parts();
                return new RelationName(parts.get(parts.size() - 2), parts.get(parts.size() - 1));
            }
            return null;
        }
        if (!isWordOrQuoted(last)) {
            return null;
        }
        SqlToken before = tokens.get(end - 1);
        if (before.is(".") && end >= 2 && isWordOrQuoted(tokens.get(end - 2))) {
            // The part after a dot may be any key word: FROM hr.table AS e(a) is valid.
            return new RelationName(tokens.get(end - 2).identifierValue(), last.identifierValue());
        }
        if (!isName(last)) {
            return null;
        }
        boolean starts = before.kind() == SqlToken.Kind.PUNCTUATION ? BEFORE_RELATION.contains(before.text())
                : isWordIn(before, BEFORE_RELATION);
        return starts ? new RelationName(null, last.identifierValue()) : null;
    }

    private static boolean isAlias(SqlToken token) {
        return token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER
                || (token.kind() == SqlToken.Kind.WORD && !NOT_AN_ALIAS.contains(token.identifierValue()));
    }

    private static boolean isName(SqlToken token) {
        return isAlias(token);
    }

    private static boolean isWordOrQuoted(SqlToken token) {
        return token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
    }

    private static boolean isWordIn(SqlToken token, Set<String> words) {
        return token.kind() == SqlToken.Kind.WORD && words.contains(token.identifierValue());
    }
}
