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
 */
public record PlanSummary(Set<String> nodeTypes, double totalCost, double planRows, List<FunctionCall> functions) {

    public PlanSummary {
        nodeTypes = Set.copyOf(nodeTypes);
        functions = List.copyOf(functions);
    }
}
