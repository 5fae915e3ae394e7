package dev.pgmcp.core.tools;

import java.util.Map;

/**
 * A tool's answer: a compact text for the agent to read, and the same facts as structured JSON.
 *
 * @param text       text content
 * @param structured structured content matching the tool's output schema
 */
public record ToolResult(String text, Map<String, Object> structured) {
}
