package dev.pgmcp.policy.functions;

import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.policy.profile.ImplicitCalls.ImplicitCast;
import dev.pgmcp.policy.profile.ImplicitCalls.TypeSources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, in a statement's tokens, what may give a value of an implicit cast's source type S, so that
 * PostgreSQL could apply the cast (and call its function) where the text never names it. The search
 * over-approximates: an expression of type S can only come from
 * <ul>
 *   <li>a name of S or of a type holding it (arrays, domains, composites, ranges), tables' and views' row
 *       types included, so every relation with such a column, and SQL's names for built-in types
 *       ({@code integer} for int4);</li>
 *   <li>a function returning such a type (also through OUT parameters), called or in attribute notation; one
 *       whose every argument already has such a type only counts when an untyped literal or parameter may
 *       fill an argument ({@code macaddr8_set7bit('...')});</li>
 *   <li>an operator returning such a type, likewise;</li>
 *   <li>a constant whose type is S without a name: numbers (int4, int8, numeric), strings and parameters
 *       (text, varchar, unknown), {@code true}/{@code false} and predicates (bool), {@code CURRENT_DATE} and
 *       the other SQL value functions, and system columns ({@code ctid}, {@code xmin}, ...).</li>
 * </ul>
 * For operator operands ({@link OperatorOperands}) relations count more precisely: by the names of their
 * columns of such a type, where the relation is named too, and by their own name only where columns enter
 * unnamed ({@code *}, {@code TABLE t}, {@code NATURAL}, a column-alias list); {@code count(*)}, {@code t.*} and
 * {@code SELECT *} are no operators.
 */
final class ImplicitCastSources {

    /** SQL's names for built-in types, by the type name in pg_type they may stand for. */
    private static final Map<String, Set<String>> SQL_TYPE_NAMES = Map.ofEntries(
            Map.entry("int4", Set.of("int", "integer")), Map.entry("int2", Set.of("smallint")),
            Map.entry("int8", Set.of("bigint")), Map.entry("float4", Set.of("real", "float")),
            Map.entry("float8", Set.of("float", "double")), Map.entry("numeric", Set.of("decimal", "dec")),
            Map.entry("bool", Set.of("boolean")), Map.entry("bpchar", Set.of("char", "character", "nchar", "national")),
            Map.entry("varchar", Set.of("varchar", "varying", "character")),
            Map.entry("timestamptz", Set.of("timestamp")), Map.entry("timetz", Set.of("time")),
            Map.entry("varbit", Set.of("bit", "varying")));

    /** Words that give a value of a type without naming it, by that type. */
    private static final Map<String, Set<String>> TYPED_WORDS = Map.ofEntries(
            Map.entry("bool", Set.of("true", "false", "not", "and", "or", "is", "in", "like", "ilike", "similar",
                    "between", "exists", "isnull", "notnull", "overlaps", "any", "all", "some")),
            Map.entry("date", Set.of("current_date")), Map.entry("timetz", Set.of("current_time")),
            Map.entry("timestamptz", Set.of("current_timestamp")), Map.entry("time", Set.of("localtime")),
            Map.entry("timestamp", Set.of("localtimestamp")),
            Map.entry("name", Set.of("current_user", "current_role", "session_user", "user", "current_catalog",
                    "current_schema")),
            Map.entry("text", Set.of("system_user")), Map.entry("tid", Set.of("ctid")),
            Map.entry("xid", Set.of("xmin", "xmax")), Map.entry("cid", Set.of("cmin", "cmax")),
            Map.entry("oid", Set.of("tableoid")));

    private static final Set<String> NUMBER_TYPES = Set.of("int4", "int8", "numeric");
    private static final Set<String> UNTYPED_TYPES = Set.of("text", "varchar", "unknown");

    private ImplicitCastSources() {
    }

    /** What in the tokens may give a value of the cast's source type, described for the agent, or empty. */
    static Optional<String> find(List<SqlToken> tokens, ImplicitCast cast) {
        Set<String> types = cast.typeNames();
        return find(tokens, new TypeSources(types, cast.producers(), cast.literalProducers(), cast.operandOperators(),
                cast.literalOperators(), types.stream().anyMatch(NUMBER_TYPES::contains),
                types.stream().anyMatch(UNTYPED_TYPES::contains), false, null, null), false);
    }

    /**
     * What in the tokens may give a value of the described types, or empty.
     *
     * @param nullUntyped count the key word NULL as an untyped constant (an operand that PostgreSQL types from
     *                    the operator chosen)
     */
    static Optional<String> find(List<SqlToken> tokens, TypeSources cast, boolean nullUntyped) {
        if (cast.anyType()) {
            return Optional.of("any value (the operand type is a pseudo-type)");
        }
        Set<String> types = cast.typeNames();
        boolean numbers = cast.numbers();
        boolean untyped = cast.untyped();
        boolean unnamedColumns = cast.relations() == null || columnsEnterUnnamed(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            String at = " (at character " + (token.start() + 1) + ")";
            switch (token.kind()) {
                case NUMBER -> {
                    if (numbers) {
                        return Optional.of("the number " + token.text() + at);
                    }
                }
                case STRING, PARAMETER -> {
                    if (untyped) {
                        return Optional.of("the untyped constant or parameter " + abbreviate(token.text()) + at);
                    }
                }
                case OPERATOR -> {
                    String name = token.text();
                    if (isStar(tokens, i)) {
                        continue;
                    }
                    if (cast.operandOperators().contains(name)) {
                        return Optional.of("the operator " + name + at);
                    }
                    Boolean prefix = cast.literalOperators().get(name);
                    if (prefix != null && (untypedOperand(tokens, i + 1)
                            && ((prefix && !operandEnd(tokens, i - 1)) || untypedOperand(tokens, i - 1)))) {
                        return Optional.of("the operator " + name + at + " applied to an untyped constant");
                    }
                }
                case WORD, QUOTED_IDENTIFIER -> {
                    String name = token.identifierValue();
                    if (nullUntyped && untyped && token.isKeyword("NULL")) {
                        return Optional.of("the untyped NULL" + at);
                    }
                    if ((types.contains(name) && (unnamedColumns || !cast.relations().contains(name)
                            || aliasListFollows(tokens, i))) || sqlTypeName(types, token)) {
                        return Optional.of("the type or relation " + name + at);
                    }
                    if (cast.columns() != null && cast.columns().containsKey(name)
                            && namesAny(tokens, cast.columns().get(name))) {
                        return Optional.of("the column " + name + at);
                    }
                    if (cast.producers().contains(name)) {
                        return Optional.of("the function " + name + at);
                    }
                    if (cast.literalProducers().contains(name) && i + 1 < tokens.size() && tokens.get(i + 1).is("(")
                            && untypedArgument(tokens, i + 1)) {
                        return Optional.of("the function " + name + at + " called with an untyped constant");
                    }
                    if (token.kind() == SqlToken.Kind.WORD && typedWord(types, name)) {
                        return Optional.of("the key word or system column " + name + at);
                    }
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    /** True when the tokens hold one of these names (a relation of a column). */
    private static boolean namesAny(List<SqlToken> tokens, Set<String> names) {
        for (SqlToken token : tokens) {
            if ((token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER)
                    && names.contains(token.identifierValue())) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when columns may enter the query without their names: {@code *} (also {@code t.*}), {@code TABLE t},
     * {@code NATURAL} joins.
     */
    private static boolean columnsEnterUnnamed(List<SqlToken> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isKeyword("TABLE") || token.isKeyword("NATURAL") || (token.is("*") && isStar(tokens, i))) {
                return true;
            }
        }
        return false;
    }

    /** True for a {@code *} that is no operator: {@code count(*)}, {@code t.*}, {@code SELECT *}, {@code , *}. */
    private static boolean isStar(List<SqlToken> tokens, int i) {
        if (!tokens.get(i).is("*") || i == 0) {
            return tokens.get(i).is("*");
        }
        SqlToken before = tokens.get(i - 1);
        return before.is("(") || before.is(".") || before.is(",") || before.isKeyword("SELECT")
                || before.isKeyword("DISTINCT") || before.isKeyword("ALL") || before.isKeyword("RETURNING");
    }

    /** True when a column-alias list follows the relation name at {@code i}: {@code t (a)}, {@code t x(a)}, {@code t AS x(a)}. */
    private static boolean aliasListFollows(List<SqlToken> tokens, int i) {
        for (int j = i + 1; j < tokens.size() && j <= i + 3; j++) {
            SqlToken token = tokens.get(j);
            if (token.is("(")) {
                return true;
            }
            if (!(token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER)) {
                return false;
            }
        }
        return false;
    }

    /** True when the tokens name the cast's target type or a domain over it (an explicit cast needs that). */
    static boolean namesTarget(List<SqlToken> tokens, ImplicitCast cast) {
        for (SqlToken token : tokens) {
            if ((token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER)
                    && (cast.targetNames().contains(token.identifierValue()) || sqlTypeName(cast.targetNames(), token))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sqlTypeName(Set<String> types, SqlToken token) {
        if (token.kind() != SqlToken.Kind.WORD) {
            return false;
        }
        String word = token.identifierValue();
        for (String type : types) {
            if (SQL_TYPE_NAMES.getOrDefault(type, Set.of()).contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean typedWord(Set<String> types, String word) {
        for (String type : types) {
            if (TYPED_WORDS.getOrDefault(type, Set.of()).contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** True when the argument list opened at {@code open} holds an untyped constant, parameter or NULL. */
    private static boolean untypedArgument(List<SqlToken> tokens, int open) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            SqlToken token = tokens.get(j);
            if (token.is("(")) {
                depth++;
            } else if (token.is(")") && --depth == 0) {
                return false;
            } else if (token.kind() == SqlToken.Kind.STRING || token.kind() == SqlToken.Kind.PARAMETER
                    || token.isKeyword("NULL")) {
                return true;
            }
        }
        return false;
    }

    private static boolean untypedOperand(List<SqlToken> tokens, int j) {
        if (j < 0 || j >= tokens.size()) {
            return false;
        }
        SqlToken token = tokens.get(j);
        return token.kind() == SqlToken.Kind.STRING || token.kind() == SqlToken.Kind.PARAMETER
                || token.isKeyword("NULL") || token.is("(") || token.is(")");
    }

    /** True when the token before an operator ends an operand, so that the operator is infix there. */
    private static boolean operandEnd(List<SqlToken> tokens, int j) {
        if (j < 0) {
            return false;
        }
        SqlToken token = tokens.get(j);
        return token.kind() == SqlToken.Kind.STRING || token.kind() == SqlToken.Kind.NUMBER
                || token.kind() == SqlToken.Kind.PARAMETER || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER
                || token.is(")") || token.is("]") || (token.kind() == SqlToken.Kind.WORD && !token.isKeyword("SELECT")
                    && !token.isKeyword("WHERE") && !token.isKeyword("AND") && !token.isKeyword("OR")
                    && !token.isKeyword("NOT") && !token.isKeyword("ON") && !token.isKeyword("THEN")
                    && !token.isKeyword("ELSE") && !token.isKeyword("WHEN") && !token.isKeyword("BY")
                    && !token.isKeyword("HAVING"));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
