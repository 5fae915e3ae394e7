package dev.pgmcp.core.execution;

import dev.pgmcp.core.sql.SqlLexer;
import dev.pgmcp.core.sql.SqlSyntaxException;
import dev.pgmcp.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Finds, in an {@code EXPLAIN (VERBOSE, FORMAT JSON)} plan, the relations scanned and the columns
 * whose values are used. VERBOSE prefixes every column with its scan's alias, and EXPLAIN makes
 * aliases unique, so {@code alias.column} names one column of one relation. The column part is the
 * name EXPLAIN prints: the real name, unless the query gave the table a column-alias list
 * ({@code FROM t AS e(a, b)}), in which case it is the alias name, by position. A column policy must
 * therefore refuse such lists on tables it guards, as the profile policy does.
 *
 * <p>A scan that feeds a join, an aggregate or another node evaluating expressions over its input
 * often returns the table's whole physical row ("physical target list") although only some
 * columns are used; those columns then appear, by alias, in the evaluating node's own
 * expressions. So plain column references in such a scan's Output are not counted; everything
 * else is: the top node's Output, every Output that computes something, and every condition, key
 * and argument. Unknown node types are treated the safe way (their inputs' Outputs count).
 */
final class PlanReferences {

    /** Nodes that pass their input's rows through, evaluating nothing that names a column in Output. */
    private static final Set<String> PASS_THROUGH = Set.of("Hash", "Materialize", "Sort", "Incremental Sort", "Limit",
            "Unique", "Gather", "Gather Merge", "Memoize", "LockRows", "Append", "Merge Append", "SetOp",
            "Recursive Union");

    /**
     * Set-operation nodes: their parent names only the first member's columns, yet every member's
     * values flow up by position, so every member's Output counts (PostgreSQL has the members of an
     * Append return exact target lists, never physical ones).
     */
    private static final Set<String> MEMBERS_BY_POSITION = Set.of("Append", "Merge Append", "SetOp",
            "Recursive Union");

    /** Nodes whose expressions name the columns of their inputs' scans directly. */
    private static final Set<String> EVALUATING = Set.of("Nested Loop", "Hash Join", "Merge Join", "Aggregate",
            "WindowAgg", "Group", "Result", "ProjectSet");

    /** Fields holding names rather than expressions. */
    private static final Set<String> NAME_FIELDS = Set.of("Node Type", "Relation Name", "Schema", "Alias", "Index Name",
            "CTE Name", "Subplan Name", "Function Name", "Parent Relationship", "Join Type", "Strategy",
            "Partial Mode", "Scan Direction", "Command", "Operation");

    private final List<PlanRelation> relations = new ArrayList<>();
    private final Map<String, PlanRelation> byAlias = new HashMap<>();
    private final List<List<SqlToken>> expressions = new ArrayList<>();
    private final Set<PlanColumn> columns = new LinkedHashSet<>();
    private boolean complete = true;

    private PlanReferences() {
    }

    /** Reads the plan whose top node is {@code top}. */
    static PlanReferences of(JsonNode top) {
        PlanReferences references = new PlanReferences();
        references.visit(top, true);
        references.resolve();
        return references;
    }

    List<PlanRelation> relations() {
        return List.copyOf(relations);
    }

    /** Columns used, resolved to relations; references to non-relation scans (CTEs, subqueries, functions) are dropped. */
    Set<PlanColumn> columns() {
        return Set.copyOf(columns);
    }

    /** False when some expression could not be read; a column policy should then refuse. */
    boolean complete() {
        return complete;
    }

    private void visit(JsonNode node, boolean outputCounts) {
        if (node == null || !node.isObject()) {
            return;
        }
        String type = node.path("Node Type").asString();
        String relationName = node.path("Relation Name").asString();
        String alias = node.path("Alias").asString();
        boolean isRelationScan = !relationName.isEmpty();
        if (isRelationScan) {
            PlanRelation relation = new PlanRelation(node.path("Schema").asString(), relationName, alias);
            relations.add(relation);
            byAlias.put(alias, relation);
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = field.getKey();
            if (key.equals("Plans") || NAME_FIELDS.contains(key)) {
                continue;
            }
            if (key.equals("Output")) {
                for (JsonNode item : field.getValue()) {
                    String expression = item.asString();
                    if (outputCounts || !isRelationScan || !isPlainColumnOf(expression, alias)) {
                        collect(expression);
                    }
                }
            } else {
                collectStrings(field.getValue());
            }
        }
        boolean childOutputCounts = MEMBERS_BY_POSITION.contains(type) || (PASS_THROUGH.contains(type) ? outputCounts
                : !EVALUATING.contains(type));
        for (JsonNode child : node.path("Plans")) {
            String relationship = child.path("Parent Relationship").asString();
            boolean subplan = relationship.equals("InitPlan") || relationship.equals("SubPlan");
            visit(child, subplan || childOutputCounts);
        }
    }

    private void collectStrings(JsonNode value) {
        if (value.isString()) {
            if (value.asString().indexOf('.') >= 0) {
                collect(value.asString());
            }
        } else if (value.isArray() || value.isObject()) {
            for (JsonNode item : value) {
                collectStrings(item);
            }
        }
    }

    /** Remembers an expression whose column references count. */
    private void collect(String expression) {
        try {
            expressions.add(SqlLexer.tokenize(expression, true));
        } catch (SqlSyntaxException e) {
            complete = false;
        }
    }

    /**
     * Every {@code alias.column} and {@code alias.*} in the expressions. When the plan reads a single
     * relation, EXPLAIN leaves some column names unqualified, so every bare name then counts as a
     * column of that relation (a key word taken for a column can only cause a needless refusal).
     */
    private void resolve() {
        PlanRelation only = relations.size() == 1 ? relations.get(0) : null;
        for (List<SqlToken> tokens : expressions) {
            for (int i = 0; i < tokens.size(); i++) {
                SqlToken token = tokens.get(i);
                if (!isIdentifier(token) || (i > 0 && (tokens.get(i - 1).is(".") || tokens.get(i - 1).is("::")))) {
                    continue;
                }
                boolean qualified = i + 2 < tokens.size() && tokens.get(i + 1).is(".");
                if (qualified) {
                    SqlToken name = tokens.get(i + 2);
                    PlanRelation relation = byAlias.get(token.identifierValue());
                    if (relation == null) {
                        continue;
                    }
                    if (name.is("*")) {
                        columns.add(new PlanColumn(relation.schema(), relation.name(), PlanColumn.WHOLE_ROW));
                    } else if (isIdentifier(name) && !(i + 3 < tokens.size() && tokens.get(i + 3).is("("))) {
                        columns.add(new PlanColumn(relation.schema(), relation.name(), name.identifierValue()));
                    }
                } else if (only != null && !(i + 1 < tokens.size() && tokens.get(i + 1).is("("))) {
                    columns.add(new PlanColumn(only.schema(), only.name(), token.identifierValue()));
                }
            }
        }
    }

    private static boolean isPlainColumnOf(String expression, String alias) {
        List<SqlToken> tokens;
        try {
            tokens = SqlLexer.tokenize(expression, true);
        } catch (SqlSyntaxException e) {
            return false;
        }
        boolean qualified = tokens.size() == 3 && isIdentifier(tokens.get(0))
                && tokens.get(0).identifierValue().equals(alias) && tokens.get(1).is(".") && isIdentifier(tokens.get(2));
        return qualified || (tokens.size() == 1 && isIdentifier(tokens.get(0)));
    }

    private static boolean isIdentifier(SqlToken token) {
        return token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
    }
}
