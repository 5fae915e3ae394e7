package dev.pgmcp.policy.functions;

import dev.pgmcp.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.List;

/**
 * The operators a statement's syntax calls by name without writing them. PostgreSQL's grammar turns these
 * forms into operator calls looked up by name on the search path (gram.y's A_Expr kinds, CaseExpr, JOIN
 * USING), so a user operator of that name for the operands' types is chosen as if it were written; with
 * constant operands the planner folds the call while pgmcp's EXPLAIN runs (verified on PostgreSQL 15 for
 * each form below, with a notice-raising function):
 * <ul>
 *   <li>{@code IN (list)} and {@code IN (subquery)}: {@code =}; {@code NOT IN}: {@code <>};</li>
 *   <li>{@code CASE x WHEN y}, {@code NULLIF(x, y)}, {@code IS [NOT] DISTINCT FROM}: {@code =};</li>
 *   <li>{@code BETWEEN [SYMMETRIC]}: {@code >=} and {@code <=}; {@code NOT BETWEEN [SYMMETRIC]}: {@code <}
 *       and {@code >};</li>
 *   <li>{@code LIKE} {@code ~~}, {@code NOT LIKE} {@code !~~}, {@code ILIKE} {@code ~~*}, {@code NOT ILIKE}
 *       {@code !~~*}, {@code SIMILAR TO} {@code ~}, {@code NOT SIMILAR TO} {@code !~} (also with ANY/ALL);</li>
 *   <li>{@code JOIN ... USING (c)} and {@code NATURAL JOIN}: {@code =} on the columns' common type.</li>
 * </ul>
 * {@code = ANY/ALL}, {@code ORDER BY ... USING op} and row comparisons write their operator. Sorting,
 * grouping, DISTINCT, set operations, window clauses, GREATEST/LEAST, min/max and array, row and range
 * comparisons reach operators through the type's operator family, not by name ({@link FunctionCheck} judges
 * the members of user families by type). {@code IS [NOT] TRUE}, {@code IS NULL}, {@code OVERLAPS} (a
 * function) and {@code AT TIME ZONE} (a function) call no operator.
 */
final class ImpliedOperators {

    /** An operator the syntax at {@code position} (1-based character) calls by {@code name}. */
    record Implied(String name, int position, String form) {
    }

    private ImpliedOperators() {
    }

    static List<Implied> find(List<SqlToken> tokens) {
        List<Implied> implied = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.kind() != SqlToken.Kind.WORD) {
                continue;
            }
            boolean not = i > 0 && tokens.get(i - 1).isKeyword("NOT");
            int at = token.start() + 1;
            switch (token.identifierValue()) {
                case "in" -> implied.add(new Implied(not ? "<>" : "=", at, not ? "NOT IN" : "IN"));
                case "nullif" -> implied.add(new Implied("=", at, "NULLIF"));
                case "distinct" -> {
                    if (i > 0 && (tokens.get(i - 1).isKeyword("IS") || (not && i > 1 && tokens.get(i - 2).isKeyword("IS")))) {
                        implied.add(new Implied("=", at, "IS DISTINCT FROM"));
                    }
                }
                case "case" -> {
                    if (i + 1 < tokens.size() && !tokens.get(i + 1).isKeyword("WHEN")) {
                        implied.add(new Implied("=", at, "CASE x WHEN"));
                    }
                }
                case "between" -> {
                    implied.add(new Implied(not ? "<" : ">=", at, not ? "NOT BETWEEN" : "BETWEEN"));
                    implied.add(new Implied(not ? ">" : "<=", at, not ? "NOT BETWEEN" : "BETWEEN"));
                }
                case "like" -> implied.add(new Implied(not ? "!~~" : "~~", at, not ? "NOT LIKE" : "LIKE"));
                case "ilike" -> implied.add(new Implied(not ? "!~~*" : "~~*", at, not ? "NOT ILIKE" : "ILIKE"));
                case "similar" -> implied.add(new Implied(not ? "!~" : "~", at, not ? "NOT SIMILAR TO" : "SIMILAR TO"));
                case "using", "natural" -> implied.add(new Implied("=", at, "JOIN " + token.text().toUpperCase()));
                default -> {
                }
            }
        }
        return implied;
    }
}
