package dev.pgmcp.core.catalog;

import java.util.List;
import java.util.regex.Pattern;

/** A {@link TableDescription} cut down to what a {@link CatalogVisibility} shows. */
final class VisibleDescription {

    private VisibleDescription() {
    }

    static TableDescription of(TableDescription t, CatalogVisibility visibility) {
        String schema = t.relation().schema();
        String name = t.relation().name();
        List<String> hidden = t.columns().stream().map(TableDescription.Column::name)
                .filter(c -> !visibility.columnVisible(schema, name, c)).toList();
        List<TableDescription.Column> columns = t.columns().stream().filter(c -> !hidden.contains(c.name())).toList();
        List<TableDescription.ForeignKey> foreignKeys = t.foreignKeys().stream()
                .filter(fk -> fk.columns().stream().noneMatch(hidden::contains) && tableVisible(fk.table(), visibility))
                .toList();
        List<TableDescription.ForeignKey> referencedBy = t.referencedBy().stream()
                .filter(fk -> fk.referencedColumns().stream().noneMatch(hidden::contains)
                        && tableVisible(fk.table(), visibility))
                .toList();
        List<List<String>> uniqueKeys = t.uniqueKeys().stream()
                .filter(key -> key.stream().noneMatch(hidden::contains)).toList();
        List<TableDescription.Index> indexes = t.indexes().stream()
                .filter(index -> hidden.stream().noneMatch(c -> mentions(index.definition(), c))).toList();
        List<String> primaryKey = t.primaryKey().stream().anyMatch(hidden::contains) ? List.of() : t.primaryKey();
        String viewDefinition = t.viewDefinition() != null
                && hidden.stream().anyMatch(c -> mentions(t.viewDefinition(), c)) ? null : t.viewDefinition();
        return new TableDescription(t.relation(), columns, primaryKey, foreignKeys, referencedBy, uniqueKeys,
                t.checks().stream().filter(check -> hidden.stream().noneMatch(c -> mentions(check, c))).toList(),
                indexes, t.partitioning(), viewDefinition);
    }

    private static boolean tableVisible(String qualifiedName, CatalogVisibility visibility) {
        String[] parts = SchemaCatalog.splitQualified(qualifiedName);
        return parts[0] == null || visibility.schemaVisible(parts[0]) && visibility.relationVisible(parts[0], parts[1]);
    }

    /** True when SQL text names the column (as an identifier, quoted where needed). */
    private static boolean mentions(String sql, String column) {
        String written = Identifiers.quoteIfNeeded(column);
        if (written.startsWith("\"")) {
            return sql.contains(written);
        }
        return Pattern.compile("(?<![\\w$\"])" + Pattern.quote(written) + "(?![\\w$\"])").matcher(sql).find();
    }
}
