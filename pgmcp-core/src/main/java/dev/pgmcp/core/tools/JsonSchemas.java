package dev.pgmcp.core.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small builders for the JSON Schemas of tool inputs and outputs, and for the JSON objects of tool
 * answers. Every object keeps its keys in the order written: {@code Map.of} iterates in an order
 * that changes from one JVM start to the next, and a tool list or answer whose bytes change breaks
 * prompt caching.
 */
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
        return description == null ? ordered("type", "string") : ordered("type", "string", "description", description);
    }

    static Map<String, Object> nullableString() {
        return ordered("type", List.of("string", "null"));
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
        return ordered("type", "integer");
    }

    static Map<String, Object> nullableInteger() {
        return ordered("type", List.of("integer", "null"));
    }

    static Map<String, Object> bool() {
        return ordered("type", "boolean");
    }

    static Map<String, Object> array(Map<String, Object> items) {
        return ordered("type", "array", "items", items);
    }

    static Map<String, Object> stringArray() {
        return array(ordered("type", "string"));
    }

    static Map<String, Object> props(Object... nameSchemaPairs) {
        return ordered(nameSchemaPairs);
    }

    /** A JSON object with these keys and values, in this order (values may be null). */
    static Map<String, Object> ordered(Object... keyValuePairs) {
        if (keyValuePairs.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keyValuePairs.length; i += 2) {
            object.put((String) keyValuePairs[i], keyValuePairs[i + 1]);
        }
        return object;
    }
}
