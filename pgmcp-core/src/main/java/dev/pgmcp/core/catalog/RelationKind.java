package dev.pgmcp.core.catalog;

/** Kinds of relations the catalog lists, from {@code pg_class.relkind}. */
public enum RelationKind {
    TABLE('r', "table"),
    VIEW('v', "view"),
    MATERIALIZED_VIEW('m', "materialized view"),
    PARTITIONED_TABLE('p', "partitioned table"),
    FOREIGN_TABLE('f', "foreign table");

    private final char relkind;
    private final String label;

    RelationKind(char relkind, String label) {
        this.relkind = relkind;
        this.label = label;
    }

    public String label() {
        return label;
    }

    static RelationKind of(String relkind) {
        for (RelationKind kind : values()) {
            if (kind.relkind == relkind.charAt(0)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unexpected relkind " + relkind);
    }
}
