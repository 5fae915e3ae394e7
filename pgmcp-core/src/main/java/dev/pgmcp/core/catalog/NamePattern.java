package dev.pgmcp.core.catalog;

import java.util.regex.Pattern;

/**
 * A name filter as agents write it: {@code order} matches names containing "order" (any case);
 * {@code *_2024} and {@code ord?rs} are globs over the whole name; a pattern with a dot is matched
 * against {@code schema.name}.
 */
final class NamePattern {

    private final Pattern regex;
    private final boolean qualified;

    private NamePattern(Pattern regex, boolean qualified) {
        this.regex = regex;
        this.qualified = qualified;
    }

    static NamePattern of(String pattern) {
        String p = pattern.strip().replace("\"", "");
        boolean glob = p.indexOf('*') >= 0 || p.indexOf('?') >= 0;
        StringBuilder regex = new StringBuilder(glob ? "^" : "");
        for (char c : p.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        if (glob) {
            regex.append('$');
        }
        return new NamePattern(Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                p.indexOf('.') >= 0);
    }

    boolean matches(RelationSummary relation) {
        String subject = qualified ? relation.schema() + "." + relation.name() : relation.name();
        return regex.matcher(subject).find();
    }
}
