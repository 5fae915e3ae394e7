package dev.pgmcp.policy.profile;

import dev.pgmcp.core.sql.SqlToken;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/** Where the items of FROM lists start in a statement's tokens: the positions where a relation name may stand. */
final class FromItems {

    private FromItems() {
    }

    /** Clause words that end a FROM list at their level of parentheses. */
    private static final Set<String> END_OF_FROM = java.util.Set.of("WHERE", "GROUP", "HAVING", "WINDOW",
            "ORDER", "LIMIT", "OFFSET", "FETCH", "UNION", "INTERSECT", "EXCEPT", "SELECT", "FOR",
            "RETURNING", "VALUES");

    /**
     * For each token, whether a FROM item starts there: after the FROM of a SELECT, JOIN, TABLE or ONLY,
     * or after a comma of a FROM list (tracked per level of parentheses, so that commas of a select list
     * do not count). The FROM of {@code EXTRACT(x FROM y)}, {@code substring(x FROM y)}, {@code trim(FROM x)}
     * and {@code IS DISTINCT FROM} is no FROM clause: it counts only at a level where SELECT was seen.
     */
    static boolean[] starts(List<SqlToken> tokens) {
        boolean[] starts = new boolean[tokens.size()];
        boolean[] clauseFrom = new boolean[tokens.size()];
        Deque<Boolean> inFrom = new ArrayDeque<>();
        Deque<Boolean> sawSelect = new ArrayDeque<>();
        inFrom.push(false);
        sawSelect.push(false);
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (i > 0) {
                SqlToken before = tokens.get(i - 1);
                starts[i] = clauseFrom[i - 1] || before.isKeyword("JOIN") || before.isKeyword("TABLE")
                        || before.isKeyword("ONLY") || (before.is(",") && inFrom.peek())
                        || (before.is("(") && i > 1 && starts[i - 1]);
            }
            if (token.is("(")) {
                inFrom.push(starts[i]); // FROM (a JOIN b ...) and ONLY (t) continue a FROM list
                sawSelect.push(false);
            } else if (token.is(")")) {
                if (inFrom.size() > 1) {
                    inFrom.pop();
                    sawSelect.pop();
                }
            } else if (token.isKeyword("FROM")) {
                clauseFrom[i] = sawSelect.peek() && !(i > 0 && tokens.get(i - 1).isKeyword("DISTINCT"));
                if (clauseFrom[i]) {
                    inFrom.pop();
                    inFrom.push(true);
                }
            } else if (token.kind() == SqlToken.Kind.WORD && END_OF_FROM.stream().anyMatch(token::isKeyword)) {
                inFrom.pop();
                inFrom.push(false);
                if (token.isKeyword("SELECT")) {
                    sawSelect.pop();
                    sawSelect.push(true);
                }
            }
        }
        return starts;
    }
}
