package dev.pgmcp.policy.functions;

import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.policy.profile.ImplicitCalls;
import dev.pgmcp.policy.profile.ImplicitCalls.FamilyMember;
import dev.pgmcp.policy.profile.ImplicitCalls.TypeSources;
import dev.pgmcp.policy.profile.PolicyCatalog.Operator;
import java.util.List;
import java.util.Optional;

/**
 * Whether a user operator, or a member of a user operator family, can be reached by a statement at all: only
 * when values of its operand types may occur in it ({@link ImplicitCastSources}: columns, row types, functions
 * and operators returning the type, literals and casts naming it, numbers, untyped constants where PostgreSQL
 * could type them so), counting the types PostgreSQL coerces implicitly to an operand type. Without this one
 * user {@code =} for (text, integer), or an extension's operators in public, would refuse every comparison.
 */
final class OperatorOperands {

    private OperatorOperands() {
    }

    /**
     * What in the text may give both operands of the operator, described, or empty when one cannot occur. An
     * untyped constant, parameter or NULL counts for an operand only where the operator allows it ({@link
     * Operator#rightUntyped()}), and for both only where {@link Operator#bothUntyped()} allows it ({@code 'a' % 'b'}
     * picks pg_trgm's {@code %} for (text, text); {@code 'a' = 'b'} picks the built-in text {@code =}).
     */
    static Optional<String> mayApply(Operator operator, List<SqlToken> tokens, ImplicitCalls implicit) {
        TypeSources rightSources = implicit.operandSources(operator.right());
        if (operator.left() == 0) {
            return occurs(tokens, rightSources, operator.rightUntyped());
        }
        TypeSources leftSources = implicit.operandSources(operator.left());
        Optional<String> leftTyped = occurs(tokens, leftSources, false);
        Optional<String> rightTyped = occurs(tokens, rightSources, false);
        if (leftTyped.isEmpty() && rightTyped.isEmpty() && !operator.bothUntyped()) {
            return Optional.empty();
        }
        Optional<String> left = leftTyped.or(() -> occurs(tokens, leftSources, operator.leftUntyped()));
        Optional<String> right = rightTyped.or(() -> occurs(tokens, rightSources, operator.rightUntyped()));
        if (left.isEmpty() || right.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(left.get().equals(right.get()) ? left.get() : left.get() + " and " + right.get());
    }

    /**
     * What in the text may give values of a family member's input types, or empty; untyped constants do not
     * count (alone they become text, and what types them otherwise names the type). A member of a family without
     * a default operator class is reached only through what names it: an index using it (planning reads such
     * an index) or a range type over it.
     */
    static Optional<String> mayApply(FamilyMember member, List<SqlToken> tokens, ImplicitCalls implicit) {
        if (!member.defaultFamily()) {
            for (SqlToken token : tokens) {
                if ((token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER)
                        && member.namedBy().contains(token.identifierValue())) {
                    return Optional.of("the relation or range type " + token.identifierValue() + " (at character "
                            + (token.start() + 1) + "), which uses it");
                }
            }
            return Optional.empty();
        }
        Optional<String> found = occurs(tokens, implicit.operandSources(member.left()), false);
        if (found.isEmpty() || member.right() == member.left()) {
            return found;
        }
        return occurs(tokens, implicit.operandSources(member.right()), false).map(r -> found.get() + " and " + r);
    }

    private static Optional<String> occurs(List<SqlToken> tokens, TypeSources sources, boolean untyped) {
        if (sources == null) {
            // Not read (a catalog change since): assume the operand may occur.
            return Optional.of("a value of its operand type");
        }
        return ImplicitCastSources.find(tokens, new TypeSources(sources.typeNames(), sources.producers(),
                sources.literalProducers(), sources.operandOperators(), sources.literalOperators(), sources.numbers(),
                untyped, sources.anyType(), sources.relations(), sources.columns()), true);
    }
}
