package dev.pgmcp.core.catalog;

import java.util.List;

/**
 * Everything an agent needs to query one relation well.
 *
 * @param relation      the relation
 * @param columns       columns in order
 * @param primaryKey    primary key column names, empty when none
 * @param foreignKeys   references from this relation to others
 * @param referencedBy  references from other relations to this one
 * @param uniqueKeys    unique constraints (column lists), besides the primary key
 * @param checks        check constraint definitions
 * @param indexes       indexes
 * @param partitioning  partition key and partitions (partitioned tables), or the parent (partitions); null otherwise
 * @param viewDefinition the query of a view or materialized view (possibly shortened), else null
 */
public record TableDescription(RelationSummary relation, List<Column> columns, List<String> primaryKey,
                               List<ForeignKey> foreignKeys, List<ForeignKey> referencedBy,
                               List<List<String>> uniqueKeys, List<String> checks, List<Index> indexes,
                               Partitioning partitioning, String viewDefinition) {

    /**
     * @param name       column name
     * @param type       SQL type, as {@code format_type} prints it
     * @param nullable   whether NULL is allowed
     * @param defaultValue default or generation expression, or null
     * @param comment    COMMENT ON COLUMN, or null
     * @param readable   false when the role lacks SELECT on this column
     */
    public record Column(String name, String type, boolean nullable, String defaultValue, String comment,
                         boolean readable) {
    }

    /**
     * @param name              constraint name
     * @param table             the referencing table (for {@code referencedBy}) or the referenced one
     * @param columns           columns of the referencing side
     * @param referencedColumns columns of the referenced side
     */
    public record ForeignKey(String name, String table, List<String> columns, List<String> referencedColumns) {
    }

    /**
     * @param name       index name
     * @param definition {@code CREATE INDEX} statement, as {@code pg_get_indexdef} prints it
     * @param unique     unique index
     * @param primary    backs the primary key
     */
    public record Index(String name, String definition, boolean unique, boolean primary) {
    }

    /**
     * @param key             partition key ({@code RANGE (occurred_at)}), for a partitioned table
     * @param partitionCount  number of partitions, for a partitioned table
     * @param partitions      first partitions by name with their bounds, for a partitioned table
     * @param parent          the parent table, for a partition
     * @param bound           this partition's bound, for a partition
     */
    public record Partitioning(String key, int partitionCount, List<String> partitions, String parent, String bound) {
    }
}
