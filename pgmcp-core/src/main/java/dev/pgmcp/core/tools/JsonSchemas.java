package dev.pgmcp.core.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schemas of tool inputs and outputs. */
final class JsonSchemas {

    private JsonSchemas() {
    }

    static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        if (!required.isEmpty()) {
            schema.put("required", required);
        }
        schema.put("additionalProperties", false);
        return schema;
    }

    /** An object that may carry more properties than listed (outputs may grow). */
    static Map<String, Object> openObject(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = object(properties, required);
        schema.remove("additionalProperties");
        return schema;
    }

    static Map<String, Object> string(String description) {
        return description == null ? Map.of("type", "string") : Map.of("type", "string", "description", description);
    }

    static Map<String, Object> nullableString() {
        return Map.of("type", List.of("string", "null"));
    }

    static Map<String, Object> minimumInteger(String description, int minimum) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "integer");
        if (description != null) {
            schema.put("description", description);
        }
        schema.put("minimum", minimum);
        return schema;
    }

    static Map<String, Object> plainInteger() {
        return Map.of("type", "integer");
    }

    static Map<String, Object> nullableInteger() {
        return Map.of("type", List.of("integer", "null"));
    }

    static Map<String, Object> bool() {
        return Map.of("type", "boolean");
    }

    static Map<String, Object> array(Map<String, Object> items) {
        return Map.of("type", "array", "items", items);
    }

    static Map<String, Object> stringArray() {
        return array(Map.of("type", "string"));
    }

    static Map<String, Object> props(Object... nameSchemaPairs) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < nameSchemaPairs.length; i += 2) {
            properties.put((String) nameSchemaPairs[i], nameSchemaPairs[i + 1]);
        }
        return properties;
    }
}
