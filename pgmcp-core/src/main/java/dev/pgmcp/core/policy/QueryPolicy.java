package dev.pgmcp.core.policy;

import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.query.QueryModel;
import dev.pgmcp.core.sql.StatementText;
import java.sql.SQLException;
import java.util.List;

/**
 * Layers L2 and L3: a policy that may refuse a statement that passed the single-statement check,
 * from its text and from its plan. Implementations live in {@code pgmcp-query-policy}; the
 * default permits everything, leaving the other layers in force.
 */
public interface QueryPolicy {

    /** Permits every statement. */
    QueryPolicy PERMIT_ALL = new QueryPolicy() {
    };

    /**
     * Called once by the executor before its first statement, with the pool it runs on: a policy
     * that needs catalog facts (which functions exist, what operators call) reads them here, and
     * returns the policy to apply. The default returns this policy unchanged.
     *
     * @throws SQLException when the catalog cannot be read
     */
    default QueryPolicy connect(DatabasePool pool) throws SQLException {
        return this;
    }

    /** Called before the statement is planned. */
    default void checkStatement(StatementText statement) throws QueryRefusedException {
    }

    /**
     * Called with the statement's query model: before planning when Calcite parsed it
     * ({@link QueryModel#parsed()}), otherwise after planning with the model built from the plan.
     */
    default void checkModel(QueryModel model) throws QueryRefusedException {
    }

    /** Called after PostgreSQL planned the statement, before it runs. */
    default void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
    }

    /**
     * Called when PostgreSQL reported an error for the statement, before the agent sees it: a policy
     * that hides objects may reword the error, or refuse in its place, when the error could name what
     * it hides or tell a hidden object from a missing one. The default passes the error on.
     *
     * @param planned whether the statement's plan had passed {@link #checkPlan} (the error came from
     *                running it), or not (it came from preparing or planning it)
     * @return the error the agent sees
     * @throws QueryRefusedException to answer with a refusal instead
     */
    default QueryFailedException checkFailure(StatementText statement, QueryFailedException failure, boolean planned)
            throws QueryRefusedException {
        return failure;
    }

    /** A policy that applies each of {@code policies} in order; the first refusal wins. */
    static QueryPolicy allOf(List<QueryPolicy> policies) {
        List<QueryPolicy> all = List.copyOf(policies);
        return new QueryPolicy() {
            @Override
            public QueryPolicy connect(DatabasePool pool) throws SQLException {
                List<QueryPolicy> connected = new java.util.ArrayList<>(all.size());
                for (QueryPolicy policy : all) {
                    connected.add(policy.connect(pool));
                }
                return allOf(connected);
            }

            @Override
            public void checkStatement(StatementText statement) throws QueryRefusedException {
                for (QueryPolicy policy : all) {
                    policy.checkStatement(statement);
                }
            }

            @Override
            public void checkModel(QueryModel model) throws QueryRefusedException {
                for (QueryPolicy policy : all) {
                    policy.checkModel(model);
                }
            }

            @Override
            public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
                for (QueryPolicy policy : all) {
                    policy.checkPlan(statement, plan);
                }
            }

            @Override
            public QueryFailedException checkFailure(StatementText statement, QueryFailedException failure,
                                                     boolean planned) throws QueryRefusedException {
                QueryFailedException seen = failure;
                for (QueryPolicy policy : all) {
                    seen = policy.checkFailure(statement, seen, planned);
                }
                return seen;
            }
        };
    }
}
