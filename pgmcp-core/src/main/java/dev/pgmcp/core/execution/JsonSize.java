package dev.pgmcp.core.execution;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** A cheap estimate of how many characters a value takes as JSON, for the result byte cap. */
final class JsonSize {

    private JsonSize() {
    }

    static long of(Object value) {
        if (value == null) {
            return 4;
        }
        if (value instanceof String s) {
            return s.length() + 2L;
        }
        if (value instanceof List<?> list) {
            long size = 2;
            for (Object item : list) {
                size += of(item) + 1;
            }
            return size;
        }
        if (value instanceof JsonNode node) {
            return node.toString().length();
        }
        return value.toString().length();
    }
}
