package dev.pgmcp.core.tools;

import static dev.pgmcp.core.tools.JsonSchemas.array;
import static dev.pgmcp.core.tools.JsonSchemas.nullableInteger;
import static dev.pgmcp.core.tools.JsonSchemas.nullableString;
import static dev.pgmcp.core.tools.JsonSchemas.object;
import static dev.pgmcp.core.tools.JsonSchemas.openObject;
import static dev.pgmcp.core.tools.JsonSchemas.ordered;
import static dev.pgmcp.core.tools.JsonSchemas.props;
import static dev.pgmcp.core.tools.JsonSchemas.string;
import static dev.pgmcp.core.tools.JsonSchemas.stringArray;

import dev.pgmcp.core.catalog.CatalogException;
import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.catalog.Identifiers;
import dev.pgmcp.core.catalog.SchemaCatalog;
import dev.pgmcp.core.catalog.TableDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code describe_table}: columns, keys in both directions, indexes and comments of one relation. */
public final class DescribeTableTool implements PgmcpTool {

    public static final String NAME = "describe_table";

    private static final Map<String, Object> KEY = object(props("name", string(null), "table", string(null),
            "columns", stringArray(), "referenced_columns", stringArray()),
            List.of("name", "table", "columns", "referenced_columns"));

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME, "Describe a table",
            "Describe a table or view: columns (type, nullability, default, comment), primary, unique and "
                    + "foreign keys in both directions, indexes.",
            object(props("table", string("Table name, optionally schema-qualified"),
                    "schema", string("Schema, if not in the table name")), List.of("table")),
            openObject(props(
                    "schema", string(null), "name", string(null), "kind", string(null),
                    "row_estimate", nullableInteger(), "comment", nullableString(),
                    "columns", array(openObject(props("name", string(null), "type", string(null)),
                            List.of("name", "type"))),
                    "primary_key", stringArray(),
                    "foreign_keys", array(KEY),
                    "referenced_by", array(KEY),
                    "indexes", array(openObject(props("name", string(null), "definition", string(null)),
                            List.of("name", "definition")))),
                    List.of("schema", "name", "kind", "columns")));

    private final SchemaCatalog catalog;
    private final CatalogVisibility visibility;

    public DescribeTableTool(SchemaCatalog catalog) {
        this(catalog, CatalogVisibility.ALL);
    }

    /** Describes only relations {@code visibility} shows, leaving out the columns it hides. */
    public DescribeTableTool(SchemaCatalog catalog, CatalogVisibility visibility) {
        this.catalog = catalog;
        this.visibility = visibility;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public ToolResult call(ToolArguments arguments) throws ToolException {
        arguments.allowOnly(Set.of("table", "schema"));
        TableDescription table;
        try {
            table = catalog.describe(arguments.requiredString("table"), arguments.optionalString("schema"), visibility);
        } catch (CatalogException e) {
            throw new ToolException(e.getMessage());
        }
        return new ToolResult(render(table), structured(table));
    }

    static String render(TableDescription t) {
        StringBuilder text = new StringBuilder();
        text.append(t.relation().qualifiedName()).append(" (").append(t.relation().kind().label());
        if (t.relation().rowEstimate() != null) {
            text.append(", ~").append(t.relation().rowEstimate()).append(" rows");
        }
        text.append(')');
        if (t.relation().comment() != null) {
            text.append(" - ").append(oneLine(t.relation().comment()));
        }
        text.append("\ncolumns:\n");
        for (TableDescription.Column c : t.columns()) {
            text.append("  ").append(Identifiers.quoteIfNeeded(c.name())).append(' ').append(c.type());
            if (!c.nullable()) {
                text.append(" not null");
            }
            if (c.defaultValue() != null) {
                text.append(" default ").append(c.defaultValue());
            }
            if (t.primaryKey().size() == 1 && t.primaryKey().get(0).equals(c.name())) {
                text.append(" PK");
            }
            for (TableDescription.ForeignKey fk : t.foreignKeys()) {
                if (fk.columns().size() == 1 && fk.columns().get(0).equals(c.name())) {
                    text.append(" -> ").append(fk.table()).append('(').append(fk.referencedColumns().get(0)).append(')');
                }
            }
            if (!c.readable()) {
                text.append(" [no SELECT privilege: do not select it]");
            }
            if (c.comment() != null) {
                text.append(" -- ").append(oneLine(c.comment()));
            }
            text.append('\n');
        }
        if (t.primaryKey().size() > 1) {
            text.append("primary key: (").append(String.join(", ", t.primaryKey())).append(")\n");
        }
        for (TableDescription.ForeignKey fk : t.foreignKeys()) {
            if (fk.columns().size() > 1) {
                text.append("foreign key: (").append(String.join(", ", fk.columns())).append(") -> ")
                        .append(fk.table()).append('(').append(String.join(", ", fk.referencedColumns())).append(")\n");
            }
        }
        for (List<String> unique : t.uniqueKeys()) {
            text.append("unique: (").append(String.join(", ", unique)).append(")\n");
        }
        for (String check : t.checks()) {
            text.append("check: ").append(check).append('\n');
        }
        if (!t.referencedBy().isEmpty()) {
            text.append("referenced by:");
            String separator = " ";
            for (TableDescription.ForeignKey fk : t.referencedBy()) {
                text.append(separator).append(fk.table()).append('(').append(String.join(", ", fk.columns()))
                        .append(')');
                separator = ", ";
            }
            text.append('\n');
        }
        if (!t.indexes().isEmpty()) {
            text.append("indexes:\n");
            for (TableDescription.Index index : t.indexes()) {
                String definition = index.definition();
                int using = definition.indexOf(" USING ");
                text.append("  ").append(index.name()).append(using >= 0 ? definition.substring(using) : "")
                        .append(index.primary() ? " primary" : index.unique() ? " unique" : "").append('\n');
            }
        }
        TableDescription.Partitioning p = t.partitioning();
        if (p != null && p.key() != null) {
            text.append("partitioned by ").append(p.key()).append(", ").append(p.partitionCount())
                    .append(" partitions (query the parent): ").append(String.join("; ", p.partitions()));
            if (p.partitionCount() > p.partitions().size()) {
                text.append("; ...");
            }
            text.append('\n');
        } else if (p != null && p.parent() != null) {
            text.append("partition of ").append(p.parent()).append(' ').append(p.bound()).append('\n');
        }
        if (t.viewDefinition() != null) {
            text.append("definition: ").append(oneLine(t.viewDefinition())).append('\n');
        }
        return text.toString().strip();
    }

    private static Map<String, Object> structured(TableDescription t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schema", t.relation().schema());
        out.put("name", t.relation().name());
        out.put("kind", t.relation().kind().label());
        out.put("row_estimate", t.relation().rowEstimate());
        out.put("comment", t.relation().comment());
        List<Map<String, Object>> columns = new ArrayList<>();
        for (TableDescription.Column c : t.columns()) {
            Map<String, Object> column = new LinkedHashMap<>();
            column.put("name", c.name());
            column.put("type", c.type());
            column.put("nullable", c.nullable());
            column.put("default", c.defaultValue());
            column.put("comment", c.comment());
            column.put("readable", c.readable());
            columns.add(column);
        }
        out.put("columns", columns);
        out.put("primary_key", t.primaryKey());
        out.put("foreign_keys", keys(t.foreignKeys()));
        out.put("referenced_by", keys(t.referencedBy()));
        out.put("unique_keys", t.uniqueKeys());
        out.put("checks", t.checks());
        List<Map<String, Object>> indexes = new ArrayList<>();
        for (TableDescription.Index index : t.indexes()) {
            indexes.add(ordered("name", index.name(), "definition", index.definition(), "unique", index.unique(),
                    "primary", index.primary()));
        }
        out.put("indexes", indexes);
        TableDescription.Partitioning p = t.partitioning();
        if (p != null) {
            Map<String, Object> partitioning = new LinkedHashMap<>();
            if (p.key() != null) {
                partitioning.put("key", p.key());
                partitioning.put("partition_count", p.partitionCount());
                partitioning.put("partitions", p.partitions());
            } else {
                partitioning.put("parent", p.parent());
                partitioning.put("bound", p.bound());
            }
            out.put("partitioning", partitioning);
        }
        if (t.viewDefinition() != null) {
            out.put("definition", t.viewDefinition());
        }
        return out;
    }

    private static List<Map<String, Object>> keys(List<TableDescription.ForeignKey> keys) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TableDescription.ForeignKey fk : keys) {
            out.add(ordered("name", fk.name(), "table", fk.table(), "columns", fk.columns(),
                    "referenced_columns", fk.referencedColumns()));
        }
        return out;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
