package dev.pgmcp.core.tools;

import static dev.pgmcp.core.tools.JsonSchemas.array;
import static dev.pgmcp.core.tools.JsonSchemas.bool;
import static dev.pgmcp.core.tools.JsonSchemas.nullableInteger;
import static dev.pgmcp.core.tools.JsonSchemas.nullableString;
import static dev.pgmcp.core.tools.JsonSchemas.object;
import static dev.pgmcp.core.tools.JsonSchemas.openObject;
import static dev.pgmcp.core.tools.JsonSchemas.ordered;
import static dev.pgmcp.core.tools.JsonSchemas.plainInteger;
import static dev.pgmcp.core.tools.JsonSchemas.props;
import static dev.pgmcp.core.tools.JsonSchemas.string;

import dev.pgmcp.core.catalog.CatalogException;
import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.catalog.Identifiers;
import dev.pgmcp.core.catalog.RelationSummary;
import dev.pgmcp.core.catalog.SchemaCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code list_tables}: readable tables and views, bounded. When more match than one answer holds,
 * every schema gets a fair share, and the answer names the schemas it did not list in full, with
 * their counts, so that the agent knows which schema to ask for next.
 */
public final class ListTablesTool implements PgmcpTool {

    public static final String NAME = "list_tables";

    /** Most cut-short schemas named in one answer; the rest are counted. */
    static final int MAX_CUT_SCHEMAS = 50;

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
                        + "Filter by schema and by pattern (substring, or glob with * and ?). A bounded "
                        + "number per call, shared fairly between schemas; incomplete_schemas names the schemas "
                        + "not listed in full: call again with schema for those.",
                object(props("schema", string("Only this schema"),
                        "pattern", string("Name filter, e.g. order or *_2024"),
                        "refresh", ordered("type", "boolean", "description", "Re-read the schema first")), List.of()),
                openObject(props(
                        "tables", array(object(props("schema", string(null), "name", string(null),
                                "kind", string(null), "row_estimate", nullableInteger(),
                                "comment", nullableString()), List.of("schema", "name", "kind"))),
                        "total", plainInteger(),
                        "truncated", bool(),
                        "incomplete_schemas", array(object(props("schema", string(null),
                                "relations", plainInteger(), "listed", plainInteger()),
                                List.of("schema", "relations", "listed"))),
                        "incomplete_schemas_not_shown", plainInteger()), List.of("tables", "total", "truncated")));
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public ToolResult call(ToolArguments arguments) throws ToolException {
        arguments.allowOnly(Set.of("schema", "pattern", "refresh"));
        String schema = arguments.optionalString("schema");
        boolean schemaGiven = schema != null && !schema.isBlank();
        SchemaCatalog.RelationPage page;
        try {
            if (arguments.optionalBoolean("refresh", false)) {
                catalog.refresh();
            }
            page = catalog.relations(schema, arguments.optionalString("pattern"), limit, visibility);
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
        List<SchemaCatalog.SchemaShare> cut = page.cut();
        List<SchemaCatalog.SchemaShare> named = cut.subList(0, Math.min(MAX_CUT_SCHEMAS, cut.size()));
        if (page.total() == 0) {
            text.append("No tables match. Call list_schemas, or try another pattern.");
        } else if (truncated) {
            text.append("(showing ").append(page.relations().size()).append(" of ").append(page.total())
                    .append("; not listed in full: ");
            for (int i = 0; i < named.size(); i++) {
                SchemaCatalog.SchemaShare share = named.get(i);
                text.append(i == 0 ? "" : ", ").append(Identifiers.quoteIfNeeded(share.schema())).append(' ')
                        .append(share.listed()).append(" of ").append(share.relations());
            }
            if (cut.size() > named.size()) {
                text.append(" and ").append(cut.size() - named.size()).append(" more schemas (see list_schemas)");
            }
            text.append(named.size() == 1 && schemaGiven ? "; narrow with pattern)"
                    : "; call list_tables with schema for one of them, or narrow with pattern)");
        }
        List<Map<String, Object>> incomplete = new ArrayList<>();
        for (SchemaCatalog.SchemaShare share : named) {
            incomplete.add(ordered("schema", share.schema(), "relations", share.relations(), "listed", share.listed()));
        }
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("tables", items);
        structured.put("total", page.total());
        structured.put("truncated", truncated);
        structured.put("incomplete_schemas", incomplete);
        if (cut.size() > named.size()) {
            structured.put("incomplete_schemas_not_shown", cut.size() - named.size());
        }
        return new ToolResult(text.toString().strip(), structured);
    }
}
