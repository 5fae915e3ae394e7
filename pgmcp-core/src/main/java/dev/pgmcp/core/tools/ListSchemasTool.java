package dev.pgmcp.core.tools;

import static dev.pgmcp.core.tools.JsonSchemas.array;
import static dev.pgmcp.core.tools.JsonSchemas.nullableString;
import static dev.pgmcp.core.tools.JsonSchemas.object;
import static dev.pgmcp.core.tools.JsonSchemas.openObject;
import static dev.pgmcp.core.tools.JsonSchemas.ordered;
import static dev.pgmcp.core.tools.JsonSchemas.plainInteger;
import static dev.pgmcp.core.tools.JsonSchemas.props;
import static dev.pgmcp.core.tools.JsonSchemas.string;

import dev.pgmcp.core.catalog.CatalogException;
import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.catalog.RelationSummary;
import dev.pgmcp.core.catalog.SchemaCatalog;
import dev.pgmcp.core.catalog.SchemaInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code list_schemas}: the schemas the role can use, with how many readable relations each holds. */
public final class ListSchemasTool implements PgmcpTool {

    public static final String NAME = "list_schemas";

    private static final ToolDefinition DEFINITION = new ToolDefinition(NAME, "List schemas",
            "List the database schemas you can read, with table counts and comments.",
            object(props(), List.of()),
            openObject(props("schemas", array(object(props(
                    "name", string(null), "tables", plainInteger(), "comment", nullableString()),
                    List.of("name", "tables")))), List.of("schemas")));

    private final SchemaCatalog catalog;
    private final CatalogVisibility visibility;

    public ListSchemasTool(SchemaCatalog catalog) {
        this(catalog, CatalogVisibility.ALL);
    }

    /** Lists only the schemas {@code visibility} shows, counting only the relations it shows. */
    public ListSchemasTool(SchemaCatalog catalog, CatalogVisibility visibility) {
        this.catalog = catalog;
        this.visibility = visibility;
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public ToolResult call(ToolArguments arguments) throws ToolException {
        arguments.allowOnly(Set.of());
        List<SchemaInfo> schemas;
        try {
            schemas = catalog.schemas();
            if (visibility != CatalogVisibility.ALL) {
                schemas = visibleSchemas(schemas);
            }
        } catch (CatalogException e) {
            throw new ToolException(e.getMessage());
        }
        StringBuilder text = new StringBuilder();
        List<Map<String, Object>> items = new ArrayList<>();
        for (SchemaInfo schema : schemas) {
            text.append(schema.name()).append(" (").append(schema.relationCount())
                    .append(schema.relationCount() == 1 ? " table" : " tables").append(')');
            if (schema.comment() != null) {
                text.append(" - ").append(schema.comment().replace('\n', ' '));
            }
            text.append('\n');
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", schema.name());
            item.put("tables", schema.relationCount());
            item.put("comment", schema.comment());
            items.add(item);
        }
        if (schemas.isEmpty()) {
            text.append("No readable schemas. The database role may lack USAGE grants.\n");
        }
        return new ToolResult(text.toString().strip(), ordered("schemas", items));
    }

    private List<SchemaInfo> visibleSchemas(List<SchemaInfo> all) {
        Map<String, Integer> counts = new HashMap<>();
        for (RelationSummary relation : catalog.relations(null, null, Integer.MAX_VALUE, visibility).relations()) {
            counts.merge(relation.schema(), 1, Integer::sum);
        }
        List<SchemaInfo> visible = new ArrayList<>();
        for (SchemaInfo schema : all) {
            if (visibility.schemaVisible(schema.name())) {
                visible.add(new SchemaInfo(schema.name(), schema.comment(), counts.getOrDefault(schema.name(), 0)));
            }
        }
        return visible;
    }
}
