package dev.pgmcp.core.catalog;

/**
 * What a policy profile lets an agent see of the catalog in {@code list_schemas}, {@code list_tables}
 * and {@code describe_table}. Names are as PostgreSQL stores them (unquoted, case as created).
 * Hiding something here only hides it from discovery; the query policy refuses its use.
 */
public interface CatalogVisibility {

    /** Shows everything the database role can read. */
    CatalogVisibility ALL = new CatalogVisibility() {
    };

    /** Whether the schema is listed. */
    default boolean schemaVisible(String schema) {
        return true;
    }

    /** Whether the relation (table, view, partition, ...) is listed and can be described. */
    default boolean relationVisible(String schema, String name) {
        return true;
    }

    /** Whether the column is shown by {@code describe_table}. */
    default boolean columnVisible(String schema, String table, String column) {
        return true;
    }
}
