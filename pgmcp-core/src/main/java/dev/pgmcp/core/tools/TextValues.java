package dev.pgmcp.core.tools;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Renders JSON-ready values as single-line text cells. */
final class TextValues {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TextValues() {
    }

    static String cell(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = value instanceof List || value instanceof Map || value instanceof tools.jackson.databind.JsonNode
                ? JSON.writeValueAsString(value) : value.toString();
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
                .replace("|", "\\|");
    }
}
