package dev.pgmcp.core.query;

import dev.pgmcp.core.catalog.RelationSummary;
import dev.pgmcp.core.catalog.SchemaCatalog;
import dev.pgmcp.core.query.QueryModel.Column;
import dev.pgmcp.core.query.QueryModel.Relation;
import dev.pgmcp.core.query.QueryModel.StatementKind;
import dev.pgmcp.core.sql.FunctionCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Walks one Calcite parse tree with PostgreSQL's scoping rules and collects a {@link QueryModel}:
 * relations resolved through the catalog, columns (also through {@code *}, {@code t.*} and
 * whole-row references), functions, joins, nesting, CTEs, set operations and window functions.
 * Single use, not thread-safe.
 */
final class ModelBuilder {

    private final SchemaCatalog catalog;
    private final int[] lineStarts;
    private final Map<RelationSummary, List<String>> columnCache = new HashMap<>();

    private final Set<Relation> relations = new LinkedHashSet<>();
    private final Set<Column> columns = new LinkedHashSet<>();
    private final List<FunctionCall> functions = new ArrayList<>();
    private final List<String> ctes = new ArrayList<>();
    private boolean recursive;
    private int joins;
    private int maxDepth;
    private int setOperations;
    private int windowFunctions;

    /**
     * @param catalog resolves relations and their columns; null to resolve nothing
     * @param text    the parsed text, to turn Calcite's line/column positions into character positions
     */
    ModelBuilder(SchemaCatalog catalog, String text) {
        this.catalog = catalog;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    QueryModel build(SqlNode root, int parameterCount) {
        Map<String, Derived> noCtes = Map.of();
        query(root, null, noCtes, 0);
        SqlNode main = root;
        boolean limited = false;
        boolean ordered = false;
        while (true) {
            if (main instanceof SqlWith with) {
                main = with.body;
            } else if (main instanceof SqlOrderBy orderBy) {
                limited |= orderBy.fetch != null;
                ordered |= orderBy.orderList != null && !orderBy.orderList.isEmpty();
                main = orderBy.query;
            } else {
                break;
            }
        }
        if (main instanceof SqlSelect select) {
            limited |= select.getFetch() != null;
            ordered |= select.getOrderList() != null && !select.getOrderList().isEmpty();
        }
        return new QueryModel(QueryModel.Analysis.CALCITE, kindOf(main), List.copyOf(relations), columns, functions,
                joins, maxDepth, ctes, recursive, setOperations, windowFunctions, limited, ordered, parameterCount);
    }

    private static StatementKind kindOf(SqlNode main) {
        return switch (main.getKind()) {
            case UNION, INTERSECT, EXCEPT -> StatementKind.SET_OPERATION;
            case VALUES -> StatementKind.VALUES;
            case EXPLICIT_TABLE -> StatementKind.TABLE;
            default -> StatementKind.SELECT;
        };
    }

    // ------------------------------------------------------------------ queries

    /** Walks a query; returns the scope of its SELECT (for ORDER BY), or the outer scope. */
    private Scope query(SqlNode node, Scope outer, Map<String, Derived> visibleCtes, int depth) {
        maxDepth = Math.max(maxDepth, depth);
        if (node instanceof SqlWith with) {
            Map<String, Derived> inner = new HashMap<>(visibleCtes);
            for (SqlNode itemNode : with.withList) {
                SqlWithItem item = (SqlWithItem) itemNode;
                String name = item.name.getSimple();
                boolean isRecursive = item.recursive != null && item.recursive.booleanValue();
                recursive |= isRecursive;
                ctes.add(name);
                Derived derived = item.columnList != null ? Derived.of(names(item.columnList)) : outputOf(item.query);
                if (isRecursive) {
                    inner.put(name, derived);
                }
                query(item.query, outer, Map.copyOf(inner), depth + 1);
                inner.put(name, derived);
            }
            return query(with.body, outer, Map.copyOf(inner), depth);
        }
        if (node instanceof SqlOrderBy orderBy) {
            Scope scope = query(orderBy.query, outer, visibleCtes, depth);
            expression(orderBy.orderList, scope, visibleCtes, depth);
            expression(orderBy.offset, scope, visibleCtes, depth);
            expression(orderBy.fetch, scope, visibleCtes, depth);
            return scope;
        }
        if (node instanceof SqlSelect select) {
            Scope scope = new Scope(outer);
            if (select.getFrom() != null) {
                from(select.getFrom(), scope, visibleCtes, depth);
            }
            expression(select.getSelectList(), scope, visibleCtes, depth);
            expression(select.getWhere(), scope, visibleCtes, depth);
            expression(select.getGroup(), scope, visibleCtes, depth);
            expression(select.getHaving(), scope, visibleCtes, depth);
            expression(select.getWindowList(), scope, visibleCtes, depth);
            expression(select.getQualify(), scope, visibleCtes, depth);
            expression(select.getOrderList(), scope, visibleCtes, depth);
            expression(select.getOffset(), scope, visibleCtes, depth);
            expression(select.getFetch(), scope, visibleCtes, depth);
            return scope;
        }
        if (node instanceof SqlCall call) {
            switch (call.getKind()) {
                case UNION, INTERSECT, EXCEPT -> {
                    setOperations++;
                    for (SqlNode operand : call.getOperandList()) {
                        query(operand, outer, visibleCtes, depth);
                    }
                    return outer;
                }
                case EXPLICIT_TABLE -> {
                    Scope scope = new Scope(outer);
                    fromItem(call.operand(0), null, scope, visibleCtes, depth, false);
                    scope.items.forEach(this::allColumns);
                    return scope;
                }
                default -> {
                    // VALUES and anything else: expressions in the outer scope.
                    expression(call, outer, visibleCtes, depth);
                    return outer;
                }
            }
        }
        expression(node, outer, visibleCtes, depth);
        return outer;
    }

    private void from(SqlNode node, Scope scope, Map<String, Derived> visibleCtes, int depth) {
        if (node instanceof SqlJoin join) {
            joins++;
            from(join.getLeft(), scope, visibleCtes, depth);
            from(join.getRight(), scope, visibleCtes, depth);
            SqlNode condition = join.getCondition();
            if (condition instanceof SqlNodeList using) {
                for (SqlNode column : using) {
                    if (column instanceof SqlIdentifier id && id.isSimple()) {
                        for (FromItem item : scope.items) {
                            if (item.hasColumn(id.getSimple())) {
                                addColumn(item, id.getSimple());
                            }
                        }
                    }
                }
            } else {
                expression(condition, scope, visibleCtes, depth);
            }
            return;
        }
        if (node.getKind() == SqlKind.TABLESAMPLE) {
            from(((SqlCall) node).operand(0), scope, visibleCtes, depth);
            return;
        }
        String alias = null;
        SqlNode target = node;
        if (node.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) node;
            target = as.operand(0);
            alias = ((SqlIdentifier) as.operand(1)).getSimple();
        }
        boolean lateral = false;
        if (target.getKind() == SqlKind.LATERAL) {
            lateral = true;
            target = ((SqlCall) target).operand(0);
            if (target.getKind() == SqlKind.AS) {
                SqlCall as = (SqlCall) target;
                target = as.operand(0);
                alias = alias != null ? alias : ((SqlIdentifier) as.operand(1)).getSimple();
            }
        }
        fromItem(target, alias, scope, visibleCtes, depth, lateral);
    }

    private void fromItem(SqlNode target, String alias, Scope scope, Map<String, Derived> visibleCtes, int depth,
                          boolean lateral) {
        if (target instanceof SqlIdentifier id) {
            List<String> names = id.names;
            String name = names.get(names.size() - 1);
            String itemAlias = alias != null ? alias : name;
            if (names.size() == 1 && visibleCtes.containsKey(name)) {
                scope.items.add(new FromItem(itemAlias, null, visibleCtes.get(name)));
                return;
            }
            String schema = names.size() >= 2 ? names.get(names.size() - 2) : null;
            RelationSummary resolved = catalog == null ? null : catalog.lookup(schema, name).orElse(null);
            relations.add(resolved == null ? new Relation(schema, name, false)
                    : new Relation(resolved.schema(), resolved.name(), true));
            scope.items.add(new FromItem(itemAlias, resolved, resolved == null ? Derived.OPEN : null));
            return;
        }
        switch (target.getKind()) {
            case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT, VALUES -> {
                query(target, lateral ? scope : scope.parent, visibleCtes, depth + 1);
                scope.items.add(new FromItem(alias, null, outputOf(target)));
            }
            default -> {
                // A function in FROM (TABLE(f(...)), f(...), UNNEST(...)) or anything else: its expressions.
                expression(target, scope, visibleCtes, depth);
                scope.items.add(new FromItem(alias, null, Derived.OPEN));
            }
        }
    }

    // ------------------------------------------------------------------ expressions

    private void expression(SqlNode node, Scope scope, Map<String, Derived> visibleCtes, int depth) {
        if (node == null) {
            return;
        }
        if (node instanceof SqlNodeList list) {
            for (SqlNode item : list) {
                expression(item, scope, visibleCtes, depth);
            }
            return;
        }
        if (node instanceof SqlIdentifier id) {
            identifier(id, scope);
            return;
        }
        if (node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith) {
            query(node, scope, visibleCtes, depth + 1);
            return;
        }
        if (node instanceof SqlWindow window) {
            expression(window.getPartitionList(), scope, visibleCtes, depth);
            expression(window.getOrderList(), scope, visibleCtes, depth);
            return;
        }
        if (!(node instanceof SqlCall call)) {
            return; // literals, parameters, type names, interval qualifiers
        }
        SqlKind kind = call.getKind();
        switch (kind) {
            case UNION, INTERSECT, EXCEPT, EXPLICIT_TABLE -> {
                query(call, scope, visibleCtes, depth + 1);
                return;
            }
            case AS -> {
                expression(call.operand(0), scope, visibleCtes, depth);
                return; // the other operands are names
            }
            case OVER -> windowFunctions++;
            default -> {
            }
        }
        if (call.getOperator() instanceof SqlFunction function && kind != SqlKind.CAST) {
            functions.add(functionCall(call, function));
        }
        List<SqlNode> operands = call.getOperandList();
        // count(*): the only call PostgreSQL accepts with a bare * reads no column.
        boolean countStar = operands.size() == 1 && operands.get(0) instanceof SqlIdentifier id && id.isStar()
                && id.names.size() == 1;
        if (countStar) {
            return;
        }
        for (SqlNode operand : operands) {
            expression(operand, scope, visibleCtes, depth);
        }
    }

    private FunctionCall functionCall(SqlCall call, SqlFunction function) {
        String schema = null;
        String name;
        SqlIdentifier identifier = function instanceof SqlUnresolvedFunction ? function.getSqlIdentifier() : null;
        if (identifier != null) {
            name = identifier.names.get(identifier.names.size() - 1);
            schema = identifier.names.size() >= 2 ? identifier.names.get(identifier.names.size() - 2) : null;
        } else {
            name = function.getName().toLowerCase(Locale.ROOT);
        }
        return new FunctionCall(schema, name, position(call.getParserPosition()));
    }

    private int position(SqlParserPos pos) {
        int line = pos.getLineNum();
        if (line < 1 || line > lineStarts.length) {
            return 0;
        }
        return lineStarts[line - 1] + pos.getColumnNum();
    }

    private void identifier(SqlIdentifier id, Scope scope) {
        List<String> names = id.names;
        if (id.isStar()) {
            if (names.size() == 1) {
                for (FromItem item : scope.items) {
                    allColumns(item);
                }
            } else {
                FromItem item = find(scope, names.subList(0, names.size() - 1));
                if (item != null) {
                    allColumns(item);
                }
            }
            return;
        }
        if (names.size() == 1) {
            unqualified(names.get(0), scope);
            return;
        }
        FromItem item = find(scope, names.subList(0, names.size() - 1));
        if (item != null) {
            addColumn(item, names.get(names.size() - 1));
        } else {
            // (a.b).c style field access on a column: the column is a.b
            FromItem first = find(scope, names.subList(0, 1));
            if (first != null) {
                addColumn(first, names.get(1));
            } else {
                unqualified(names.get(0), scope);
            }
        }
    }

    /** An unqualified name: a column of some FROM item, innermost scope first, or a whole-row reference. */
    private void unqualified(String name, Scope scope) {
        for (Scope s = scope; s != null; s = s.parent) {
            boolean found = false;
            boolean open = false;
            for (FromItem item : s.items) {
                if (item.hasColumn(name)) {
                    addColumn(item, name);
                    found = true;
                }
                open |= item.derived != null && item.derived.open();
            }
            if (found) {
                return;
            }
            for (FromItem item : s.items) {
                if (name.equals(item.alias)) {
                    allColumns(item); // whole-row reference, as in row_to_json(t)
                    return;
                }
            }
            if (open) {
                return; // probably a column of a function or derived table whose columns are unknown
            }
        }
    }

    /** The FROM item a qualifier names: an alias, a relation name, or schema.relation. */
    private static FromItem find(Scope scope, List<String> qualifier) {
        for (Scope s = scope; s != null; s = s.parent) {
            for (FromItem item : s.items) {
                if (qualifier.size() == 1 && qualifier.get(0).equals(item.alias)) {
                    return item;
                }
                if (qualifier.size() == 2 && item.relation != null && qualifier.get(0).equals(item.relation.schema())
                        && qualifier.get(1).equals(item.relation.name())) {
                    return item;
                }
            }
        }
        return null;
    }

    private void addColumn(FromItem item, String column) {
        if (item.relation != null) {
            columns.add(new Column(item.relation.schema(), item.relation.name(), column));
        }
    }

    private void allColumns(FromItem item) {
        if (item.relation != null) {
            for (String column : columnsOf(item.relation)) {
                addColumn(item, column);
            }
        }
    }

    private List<String> columnsOf(RelationSummary relation) {
        return columnCache.computeIfAbsent(relation, catalog::columnNames);
    }

    private static List<String> names(SqlNodeList list) {
        List<String> names = new ArrayList<>();
        for (SqlNode node : list) {
            if (node instanceof SqlIdentifier id) {
                names.add(id.names.get(id.names.size() - 1));
            }
        }
        return names;
    }

    /** The output column names of a derived query, when its select list tells them. */
    private static Derived outputOf(SqlNode query) {
        SqlNode node = query;
        while (true) {
            if (node instanceof SqlWith with) {
                node = with.body;
            } else if (node instanceof SqlOrderBy orderBy) {
                node = orderBy.query;
            } else if (node instanceof SqlBasicCall call && (call.getKind() == SqlKind.UNION
                    || call.getKind() == SqlKind.INTERSECT || call.getKind() == SqlKind.EXCEPT)) {
                node = call.operand(0);
            } else {
                break;
            }
        }
        if (!(node instanceof SqlSelect select)) {
            return Derived.OPEN;
        }
        List<String> names = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            if (item.getKind() == SqlKind.AS) {
                names.add(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple());
            } else if (item instanceof SqlIdentifier id && !id.isStar()) {
                names.add(id.names.get(id.names.size() - 1));
            } else if (item instanceof SqlIdentifier) {
                return Derived.OPEN;
            }
        }
        return Derived.of(names);
    }

    // ------------------------------------------------------------------ scopes

    /** The FROM items of one SELECT, and the enclosing query's scope. */
    private static final class Scope {
        final Scope parent;
        final List<FromItem> items = new ArrayList<>();

        Scope(Scope parent) {
            this.parent = parent;
        }
    }

    /** The output columns of a derived table, CTE or function; open when not known. */
    private record Derived(Set<String> names, boolean open) {
        static final Derived OPEN = new Derived(Set.of(), true);

        static Derived of(List<String> names) {
            return new Derived(Set.copyOf(new LinkedHashSet<>(names)), false);
        }
    }

    /** One item of a FROM clause: a relation (resolved or not) or a derived table. */
    private final class FromItem {
        final String alias;
        final RelationSummary relation;
        final Derived derived;

        FromItem(String alias, RelationSummary relation, Derived derived) {
            this.alias = alias;
            this.relation = relation;
            this.derived = derived;
        }

        boolean hasColumn(String name) {
            if (relation != null) {
                return columnsOf(relation).contains(name);
            }
            return derived != null && derived.names().contains(name);
        }
    }
}
