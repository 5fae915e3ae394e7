package dev.pgmcp.core.tools;

import static dev.pgmcp.core.tools.JsonSchemas.array;
import static dev.pgmcp.core.tools.JsonSchemas.bool;
import static dev.pgmcp.core.tools.JsonSchemas.nullableInteger;
import static dev.pgmcp.core.tools.JsonSchemas.nullableString;
import static dev.pgmcp.core.tools.JsonSchemas.object;
import static dev.pgmcp.core.tools.JsonSchemas.openObject;
import static dev.pgmcp.core.tools.JsonSchemas.plainInteger;
import static dev.pgmcp.core.tools.JsonSchemas.props;
import static dev.pgmcp.core.tools.JsonSchemas.string;

import dev.pgmcp.core.catalog.CatalogException;
import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.catalog.RelationSummary;
import dev.pgmcp.core.catalog.SchemaCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code list_tables}: readable tables and views, bounded, with a note when more exist. */
public final class ListTablesTool implements PgmcpTool {

    public static final String NAME = "list_tables";

    private final SchemaCatalog catalog;
    private final int limit;
    private final CatalogVisibility visibility;
    private final ToolDefinition definition;

    /** @param limit most relations listed per call */
    public ListTablesTool(SchemaCatalog catalog, int limit) {
        this(catalog, limit, CatalogVisibility.ALL);
    }

    /** Lists only what {@code visibility} shows. */
    public ListTablesTool(SchemaCatalog catalog, int limit, CatalogVisibility visibility) {
        this.catalog = catalog;
        this.limit = limit;
        this.visibility = visibility;
        this.definition = new ToolDefinition(NAME, "List tables",
                "List tables and views you can read, with kind, estimated rows and comment. "
                        + "Filter by schema and by pattern (substring, or glob with * and ?).",
                object(props("schema", string("Only this schema"),
                        "pattern", string("Name filter, e.g. order or *_2024"),
                        "refresh", Map.of("type", "boolean", "description", "Re-read the schema first")), List.of()),
                openObject(props(
                        "tables", array(object(props("schema", string(null), "name", string(null),
                                "kind", string(null), "row_estimate", nullableInteger(),
                                "comment", nullableString()), List.of("schema", "name", "kind"))),
                        "total", plainInteger(),
                        "truncated", bool()), List.of("tables", "total", "truncated")));
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments) throws ToolException {
        arguments.allowOnly(Set.of("schema", "pattern", "refresh"));
        SchemaCatalog.RelationPage page;
        try {
            if (arguments.optionalBoolean("refresh", false)) {
                catalog.refresh();
            }
            page = catalog.relations(arguments.optionalString("schema"), arguments.optionalString("pattern"), limit,
                    visibility);
        } catch (CatalogException e) {
            throw new ToolException(e.getMessage());
        }
        StringBuilder text = new StringBuilder();
        List<Map<String, Object>> items = new ArrayList<>();
        for (RelationSummary relation : page.relations()) {
            text.append(relation.qualifiedName()).append(" (").append(relation.kind().label());
            if (relation.rowEstimate() != null) {
                text.append(", ~").append(relation.rowEstimate()).append(" rows");
            }
            text.append(')');
            if (relation.comment() != null) {
                text.append(" - ").append(relation.comment().replace('\n', ' '));
            }
            text.append('\n');
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("schema", relation.schema());
            item.put("name", relation.name());
            item.put("kind", relation.kind().label());
            item.put("row_estimate", relation.rowEstimate());
            item.put("comment", relation.comment());
            items.add(item);
        }
        boolean truncated = page.total() > page.relations().size();
        if (page.total() == 0) {
            text.append("No tables match. Call list_schemas, or try another pattern.");
        } else if (truncated) {
            text.append("(showing ").append(page.relations().size()).append(" of ").append(page.total())
                    .append("; narrow with schema or pattern)");
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("tables", items);
        structured.put("total", page.total());
        structured.put("truncated", truncated);
        return new ToolResult(text.toString().strip(), structured);
    }
}
