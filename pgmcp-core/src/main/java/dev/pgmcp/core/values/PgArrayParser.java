package dev.pgmcp.core.values;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Parses PostgreSQL's text form of an array ({@code {1,2,NULL}}, {@code {{"a b","c"},{d,e}}},
 * {@code [0:1]={x,y}}) into nested lists, converting each element with a function of its text.
 */
final class PgArrayParser {

    private final String text;
    private final char delimiter;
    private final Function<String, Object> element;
    private int pos;

    private PgArrayParser(String text, char delimiter, Function<String, Object> element) {
        this.text = text;
        this.delimiter = delimiter;
        this.element = element;
    }

    /** @throws IllegalArgumentException when the text is not an array literal */
    static List<Object> parse(String text, char delimiter, Function<String, Object> element) {
        PgArrayParser parser = new PgArrayParser(text, delimiter, element);
        if (!text.isEmpty() && text.charAt(0) == '[') {
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("malformed array bounds");
            }
            parser.pos = eq + 1;
        }
        return parser.array();
    }

    private List<Object> array() {
        expect('{');
        List<Object> items = new ArrayList<>();
        if (peek() == '}') {
            pos++;
            return items;
        }
        while (true) {
            char c = peek();
            if (c == '{') {
                items.add(array());
            } else if (c == '"') {
                items.add(element.apply(quoted()));
            } else {
                String raw = unquoted();
                items.add(raw.equalsIgnoreCase("NULL") ? null : element.apply(raw));
            }
            char next = peek();
            pos++;
            if (next == '}') {
                return items;
            }
            if (next != delimiter) {
                throw new IllegalArgumentException("malformed array literal at " + pos);
            }
        }
    }

    private String quoted() {
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\' && pos < text.length()) {
                value.append(text.charAt(pos++));
            } else if (c == '"') {
                return value.toString();
            } else {
                value.append(c);
            }
        }
        throw new IllegalArgumentException("unterminated quoted array element");
    }

    private String unquoted() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != delimiter && text.charAt(pos) != '}') {
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("unexpected end of array literal");
        }
        return text.charAt(pos);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos);
        }
        pos++;
    }
}
