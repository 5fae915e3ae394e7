package dev.pgmcp.core.catalog;

/**
 * A readable table, view, materialized view, partitioned table or foreign table.
 *
 * @param oid         the relation's OID
 * @param schema      schema name
 * @param name        relation name
 * @param kind        what it is
 * @param rowEstimate the planner's row estimate (for a partitioned table, the sum over its
 *                    partitions), or null when the table was never analyzed
 * @param comment     COMMENT ON, or null
 * @param partition   true for a partition of a partitioned table (listed through its parent)
 */
public record RelationSummary(long oid, String schema, String name, RelationKind kind, Long rowEstimate,
                              String comment, boolean partition) {

    /** {@code schema.name}, each part quoted only where SQL needs it. */
    public String qualifiedName() {
        return Identifiers.quoteIfNeeded(schema) + "." + Identifiers.quoteIfNeeded(name);
    }
}
