package dev.pgmcp.core.catalog;

/**
 * A schema the role may use.
 *
 * @param name          schema name
 * @param comment       COMMENT ON SCHEMA, or null
 * @param relationCount tables, views, materialized views and foreign tables the role can read in it
 */
public record SchemaInfo(String name, String comment, int relationCount) {
}
