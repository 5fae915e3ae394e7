package dev.pgmcp.core.execution;

import dev.pgmcp.core.sql.FunctionCall;
import java.util.List;
import java.util.Set;

/**
 * What PostgreSQL's planner said about a statement.
 *
 * @param nodeTypes every plan node type in the tree, for example {@code Seq Scan}, {@code ModifyTable}
 * @param totalCost the planner's total cost estimate of the top node
 * @param planRows  the planner's row estimate of the top node
 * @param functions every function call in the plan's expressions (views and SQL functions inlined),
 *                  as {@link FunctionCall}s with positions in the plan text, not the agent's
 * @param relations every relation scanned, views expanded into the tables under them
 * @param columns   the columns of those relations whose values the statement uses (see {@link PlanReferences})
 * @param columnsComplete false when some plan expression could not be read, so {@code columns} may miss some
 * @param joins     the number of join nodes in the plan
 * @param subplanDepth the deepest nesting of subqueries the planner kept (SubPlan, InitPlan, Subquery Scan); 0 when none
 */
public record PlanSummary(Set<String> nodeTypes, double totalCost, double planRows, List<FunctionCall> functions,
                          List<PlanRelation> relations, Set<PlanColumn> columns, boolean columnsComplete, int joins,
                          int subplanDepth) {

    public PlanSummary {
        nodeTypes = Set.copyOf(nodeTypes);
        functions = List.copyOf(functions);
        relations = List.copyOf(relations);
        columns = Set.copyOf(columns);
    }
}
