package dev.pgmcp.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A dotted name in a statement's tokens, {@code a . b . c ...}, read whole: PostgreSQL accepts any number
 * of parts in its grammar and a first part equal to the current database ({@code db.schema.object},
 * {@code OPERATOR(db.schema.+)}), so a check that reads only {@code x . y} by hand misses the longer forms.
 * Quoted and {@code U&"..."} parts (with a {@code UESCAPE} clause) are decoded; comments and white space
 * between the tokens are already gone in the lexer's output.
 *
 * @param parts the identifier values, in order
 * @param first index of the first part's token
 * @param last  index of the last part's token
 */
public record QualifiedName(List<String> parts, int first, int last) {

    /** The most parts an object name may have: database, schema, object. */
    public static final int MAX_PARTS = 3;

    public QualifiedName {
        parts = List.copyOf(parts);
    }

    /** The whole dotted name that the identifier at {@code index} belongs to, or empty when that token is no identifier. */
    public static Optional<QualifiedName> at(List<SqlToken> tokens, int index) {
        if (!isIdentifier(tokens.get(index))) {
            return Optional.empty();
        }
        int first = index;
        while (true) {
            int dot = first - 1;
            if (dot >= 1 && tokens.get(dot).is(".")) {
                int previous = identifierEndingAt(tokens, dot - 1);
                if (previous >= 0) {
                    first = previous;
                    continue;
                }
            }
            break;
        }
        return Optional.of(from(tokens, first));
    }

    /**
     * The dotted name that starts at {@code first} and runs as far as the dots go, or empty when that token is no
     * identifier or is itself preceded by {@code identifier .} (so it does not start a name).
     */
    public static Optional<QualifiedName> startingAt(List<SqlToken> tokens, int first) {
        if (!isIdentifier(tokens.get(first)) || (first >= 2 && tokens.get(first - 1).is(".")
                && identifierEndingAt(tokens, first - 2) >= 0)) {
            return Optional.empty();
        }
        return Optional.of(from(tokens, first));
    }

    /**
     * The dotted name up to the token at {@code last} (a UESCAPE string ending an identifier included): the
     * qualifier of what follows, an operator ({@code OPERATOR(a.b.+)}, with {@code last} at {@code b}) or a name
     * ({@code a.b.f(}, with {@code last} at {@code b}).
     */
    public static Optional<QualifiedName> endingAt(List<SqlToken> tokens, int last) {
        int start = identifierEndingAt(tokens, last);
        if (start < 0) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        int first = start;
        parts.add(0, tokens.get(first).identifierValue(unicodeEscape(tokens, first)));
        while (first >= 2 && tokens.get(first - 1).is(".")) {
            int previous = identifierEndingAt(tokens, first - 2);
            if (previous < 0) {
                break;
            }
            first = previous;
            parts.add(0, tokens.get(first).identifierValue(unicodeEscape(tokens, first)));
        }
        return Optional.of(new QualifiedName(parts, first, start));
    }

    private static QualifiedName from(List<SqlToken> tokens, int first) {
        List<String> parts = new ArrayList<>();
        int index = first;
        int last = first;
        while (true) {
            parts.add(tokens.get(index).identifierValue(unicodeEscape(tokens, index)));
            last = index;
            int after = afterIdentifier(tokens, index);
            if (after + 1 < tokens.size() && tokens.get(after).is(".") && isIdentifier(tokens.get(after + 1))) {
                index = after + 1;
            } else {
                break;
            }
        }
        return new QualifiedName(parts, first, last);
    }

    /** The number of parts. */
    public int size() {
        return parts.size();
    }

    /** The last part: the object's own name. */
    public String name() {
        return parts.get(parts.size() - 1);
    }

    /**
     * The parts without a leading database part: a name of three parts whose first is {@code database}
     * loses it ({@code db.hr.employees} is {@code hr.employees}); other names are returned as they are.
     */
    public List<String> withoutDatabase(String database) {
        if (parts.size() == MAX_PARTS && parts.get(0).equals(database)) {
            return parts.subList(1, parts.size());
        }
        return parts;
    }

    /**
     * Why PostgreSQL cannot read this as the name of an object (a type, relation, function or operator) of the
     * current database, or empty when it can: more than three parts, or three whose first is another database.
     */
    public Optional<String> problemAsObjectName(String database) {
        if (parts.size() > MAX_PARTS) {
            return Optional.of("the name " + String.join(".", parts) + " has " + parts.size()
                    + " parts; an object name has at most three (database.schema.name)");
        }
        if (parts.size() == MAX_PARTS && !parts.get(0).equals(database)) {
            return Optional.of("the name " + String.join(".", parts) + " starts with " + parts.get(0)
                    + ", which is not the current database");
        }
        return Optional.empty();
    }

    /** The index of the first token of the identifier whose last token (a UESCAPE string included) is at {@code end}, or -1. */
    private static int identifierEndingAt(List<SqlToken> tokens, int end) {
        if (end < 0) {
            return -1;
        }
        if (isIdentifier(tokens.get(end))) {
            return end;
        }
        if (end >= 2 && tokens.get(end).kind() == SqlToken.Kind.STRING && tokens.get(end - 1).isKeyword("UESCAPE")
                && tokens.get(end - 2).kind() == SqlToken.Kind.QUOTED_IDENTIFIER) {
            return end - 2;
        }
        return -1;
    }

    /** The index after the identifier at {@code index} and its UESCAPE clause, if any. */
    private static int afterIdentifier(List<SqlToken> tokens, int index) {
        if (tokens.get(index).kind() == SqlToken.Kind.QUOTED_IDENTIFIER && index + 2 < tokens.size()
                && tokens.get(index + 1).isKeyword("UESCAPE") && tokens.get(index + 2).kind() == SqlToken.Kind.STRING) {
            return index + 3;
        }
        return index + 1;
    }

    /** The escape character of a {@code U&"..."} name followed by {@code UESCAPE '!'}. */
    private static char unicodeEscape(List<SqlToken> tokens, int index) {
        if (index + 2 < tokens.size() && tokens.get(index + 1).isKeyword("UESCAPE")
                && tokens.get(index + 2).kind() == SqlToken.Kind.STRING && tokens.get(index + 2).text().length() == 3) {
            return tokens.get(index + 2).text().charAt(1);
        }
        return '\\';
    }

    private static boolean isIdentifier(SqlToken token) {
        return token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
    }
}
