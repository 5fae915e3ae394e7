package dev.pgmcp.core.tools;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent sees of a tool in {@code tools/list}.
 *
 * @param name         tool name, for example {@code execute_select}
 * @param title        a human-readable title
 * @param description  a short description; every word costs the agent tokens
 * @param inputSchema  JSON Schema of the arguments
 * @param outputSchema JSON Schema of the structured result
 */
public record ToolDefinition(String name, String title, String description, Map<String, Object> inputSchema,
                             Map<String, Object> outputSchema) {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        // Copied in order: Map.copyOf would iterate in an order that changes from run to run.
        inputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
        outputSchema = Collections.unmodifiableMap(new LinkedHashMap<>(outputSchema));
    }
}
