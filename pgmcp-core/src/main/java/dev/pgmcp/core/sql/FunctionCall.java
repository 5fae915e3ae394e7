package dev.pgmcp.core.sql;

/**
 * A function called in SQL text: a name, possibly schema-qualified, followed by an opening parenthesis.
 *
 * @param schema   the schema as written (identifier value), or null when unqualified
 * @param name     the function name as PostgreSQL resolves it (folded or decoded)
 * @param position one-based character position of the name in the text
 */
public record FunctionCall(String schema, String name, int position) {
}
