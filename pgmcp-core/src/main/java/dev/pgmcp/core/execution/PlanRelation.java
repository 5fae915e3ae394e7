package dev.pgmcp.core.execution;

/**
 * A relation the plan reads: a table, materialized view, partition or foreign table after views
 * were expanded (a view never appears in a plan, the tables under it do).
 *
 * @param schema the relation's schema
 * @param name   the relation's name
 * @param alias  the unique alias EXPLAIN gave its scan
 */
public record PlanRelation(String schema, String name, String alias) {

    /** {@code schema.name}, unquoted, for messages. */
    public String qualifiedName() {
        return schema + "." + name;
    }
}
