package dev.pgmcp.core.execution;

import java.util.Set;

/**
 * What PostgreSQL's planner said about a statement.
 *
 * @param nodeTypes every plan node type in the tree, for example {@code Seq Scan}, {@code ModifyTable}
 * @param totalCost the planner's total cost estimate of the top node
 * @param planRows  the planner's row estimate of the top node
 */
public record PlanSummary(Set<String> nodeTypes, double totalCost, double planRows) {
}
