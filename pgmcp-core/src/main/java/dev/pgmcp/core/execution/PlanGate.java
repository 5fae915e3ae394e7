package dev.pgmcp.core.execution;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.StatementText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Layer L4: asks PostgreSQL to plan the statement with {@code EXPLAIN (VERBOSE, FORMAT JSON)} inside the
 * same read-only transaction, before it runs. The planner rejects every utility command, and its
 * plan shows writes ({@code ModifyTable}, also inside CTEs) and row locks ({@code LockRows})
 * wherever they hide. The verbose plan also names every function its expressions call, with views
 * and SQL functions inlined, for the policy layer.
 */
public final class PlanGate {

    /** Prefix put before the statement text; error positions are shifted back by its length. */
    public static final String EXPLAIN_PREFIX = "EXPLAIN (VERBOSE, FORMAT JSON) ";

    /** Longest plan read, in characters: far above any realistic query's plan, far below the heap. */
    public static final int MAX_PLAN_CHARS = 4 * 1024 * 1024;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Plans the statement and refuses writes and locks.
     *
     * @param binder binds the parameters to the EXPLAIN statement
     */
    public PlanSummary check(Connection connection, String jdbcSql, ParameterBinder binder)
            throws SQLException, QueryRefusedException {
        String planJson;
        try (PreparedStatement explain = connection.prepareStatement(EXPLAIN_PREFIX + jdbcSql)) {
            binder.bind(explain);
            try (ResultSet rs = explain.executeQuery()) {
                if (!rs.next()) {
                    throw new QueryRefusedException(Layer.PLANNER, "plan-unavailable",
                            "PostgreSQL returned no plan for the statement.", "Send a plain SELECT.");
                }
                planJson = rs.getString(1);
            }
        } catch (SQLException e) {
            if (DatabasePool.isResultBufferExceeded(e)) {
                throw planTooLarge();
            }
            throw e;
        }
        if (planJson.length() > MAX_PLAN_CHARS) {
            throw planTooLarge();
        }
        JsonNode top = JSON.readTree(planJson).path(0).path("Plan");
        Set<String> nodeTypes = new HashSet<>();
        List<FunctionCall> functions = new ArrayList<>();
        collect(top, nodeTypes, functions);
        PlanReferences references = PlanReferences.of(top);
        PlanSummary summary = new PlanSummary(nodeTypes, top.path("Total Cost").asDouble(),
                top.path("Plan Rows").asDouble(), functions, references.relations(), references.columns(),
                references.complete(), countJoins(top), subplanDepth(top));
        if (nodeTypes.contains("ModifyTable")) {
            throw new QueryRefusedException(Layer.PLANNER, "no-writes", "The plan writes data (ModifyTable: an "
                    + "INSERT, UPDATE, DELETE or MERGE, possibly inside a WITH clause).",
                    "Remove the data-modifying part and select the rows instead.");
        }
        if (nodeTypes.contains("LockRows")) {
            throw new QueryRefusedException(Layer.PLANNER, "no-row-locks", "The plan locks rows (FOR UPDATE or "
                    + "FOR SHARE, possibly in a subquery).", "Remove the locking clause.");
        }
        return summary;
    }

    private static QueryRefusedException planTooLarge() {
        return new QueryRefusedException(Layer.PLANNER, "plan-too-large", "The query's plan is larger than "
                + MAX_PLAN_CHARS + " characters (or than the driver's buffer of " + DatabasePool.MAX_RESULT_BUFFER_BYTES
                + " bytes), which pgmcp does not read.", "Simplify the query: fewer UNION branches, subqueries "
                + "and output expressions.");
    }

    /** Walks the plan: node types, and function calls in every expression string (Output, Filter, ...). */
    private static void collect(JsonNode plan, Set<String> nodeTypes, List<FunctionCall> functions) {
        if (plan.isMissingNode() || plan.isNull()) {
            return;
        }
        String type = plan.path("Node Type").asString();
        if (!type.isEmpty()) {
            nodeTypes.add(type);
        }
        for (Map.Entry<String, JsonNode> field : plan.properties()) {
            if (field.getKey().equals("Plans")) {
                for (JsonNode child : field.getValue()) {
                    collect(child, nodeTypes, functions);
                }
            } else {
                collectExpressions(field.getValue(), functions);
            }
        }
    }

    private static void collectExpressions(JsonNode value, List<FunctionCall> functions) {
        if (value.isString() && value.asString().indexOf('(') >= 0) {
            functions.addAll(StatementText.functionCallsIn(value.asString()));
        } else if (value.isArray() || value.isObject()) {
            for (JsonNode item : value) {
                collectExpressions(item, functions);
            }
        }
    }

    private static final Set<String> JOIN_NODES = Set.of("Nested Loop", "Hash Join", "Merge Join");

    private static int countJoins(JsonNode plan) {
        int joins = JOIN_NODES.contains(plan.path("Node Type").asString()) ? 1 : 0;
        for (JsonNode child : plan.path("Plans")) {
            joins += countJoins(child);
        }
        return joins;
    }

    private static int subplanDepth(JsonNode plan) {
        int deepest = 0;
        for (JsonNode child : plan.path("Plans")) {
            String relationship = child.path("Parent Relationship").asString();
            boolean nested = relationship.equals("InitPlan") || relationship.equals("SubPlan")
                    || child.path("Node Type").asString().equals("Subquery Scan");
            deepest = Math.max(deepest, subplanDepth(child) + (nested ? 1 : 0));
        }
        return deepest;
    }

    /** Binds parameters to a prepared statement. */
    @FunctionalInterface
    public interface ParameterBinder {
        void bind(PreparedStatement statement) throws SQLException;
    }
}
