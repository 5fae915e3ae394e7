package dev.pgmcp.core.execution;

/**
 * A column of a query result.
 *
 * @param name column label as PostgreSQL gives it
 * @param type SQL type name, for example {@code integer}, {@code text[]}, {@code timestamp with time zone}
 */
public record ResultColumn(String name, String type) {
}
