package dev.pgmcp.policy.profile;

import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.query.QueryModel;
import dev.pgmcp.core.sql.StatementText;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The last guard on a profile's refusals: a refusal that names a schema the profile hides, where the
 * agent's text does not, is reworded without the name. A function called by a view, for instance, is
 * refused by its qualified name ({@code "Analytics".secret_fn}, reached through a visible view), which
 * would tell the agent the hidden schema and what it holds. Names the agent wrote itself stay: the
 * answer then repeats what the agent asked about.
 */
final class HiddenNameRefusals implements QueryPolicy {

    private final PolicyProfile profile;
    private final PolicyCatalog catalog;
    private final QueryPolicy policy;

    HiddenNameRefusals(PolicyProfile profile, PolicyCatalog catalog, QueryPolicy policy) {
        this.profile = profile;
        this.catalog = catalog;
        this.policy = policy;
    }

    @Override
    public QueryPolicy connect(DatabasePool pool) throws SQLException {
        return new HiddenNameRefusals(profile, catalog, policy.connect(pool));
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        try {
            policy.checkStatement(statement);
        } catch (QueryRefusedException e) {
            throw unnamed(statement, e);
        }
    }

    @Override
    public void checkModel(QueryModel model) throws QueryRefusedException {
        policy.checkModel(model);
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        try {
            policy.checkPlan(statement, plan);
        } catch (QueryRefusedException e) {
            throw unnamed(statement, e);
        }
    }

    @Override
    public QueryFailedException checkFailure(StatementText statement, QueryFailedException failure, boolean planned)
            throws QueryRefusedException {
        try {
            return policy.checkFailure(statement, failure, planned);
        } catch (QueryRefusedException e) {
            throw unnamed(statement, e);
        }
    }

    private QueryRefusedException unnamed(StatementText statement, QueryRefusedException refusal) {
        for (String schema : catalog.schemas()) {
            if (profile.schemas().permits(schema)) {
                continue;
            }
            Pattern word = Pattern.compile("(?<![\\p{L}\\p{N}_$])" + Pattern.quote(schema) + "(?![\\p{L}\\p{N}_$])");
            boolean named = word.matcher(refusal.reason()).find() || word.matcher(refusal.hint()).find();
            boolean written = word.matcher(statement.sql()).find() || statement.tokens().stream()
                    .anyMatch(t -> (t.kind() == dev.pgmcp.core.sql.SqlToken.Kind.WORD
                            || t.kind() == dev.pgmcp.core.sql.SqlToken.Kind.QUOTED_IDENTIFIER)
                            && schema.equals(t.identifierValue()));
            if (named && !written) {
                return new QueryRefusedException(Layer.POLICY, refusal.rule(), "The query reaches, through a view "
                        + "or function it uses, an object this profile does not show (policy '" + profile.name()
                        + "').", "Query other tables or views; list_tables shows the ones available.");
            }
        }
        return refusal;
    }
}
