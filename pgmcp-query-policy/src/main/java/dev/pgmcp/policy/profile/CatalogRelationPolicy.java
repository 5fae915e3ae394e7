package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.PlanRelation;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.StatementText;
import java.util.Set;

/**
 * Refuses reads of the system catalogs in a profile that hides schemas, tables or columns. Their rows
 * name every object, hidden ones included: {@code pg_attribute} lists hidden columns, {@code
 * pg_description} their comments, {@code pg_class} the tables of a hidden schema, {@code pg_index}
 * and {@code pg_rewrite} hold expressions and view definitions. PostgreSQL lets every role read
 * them, so a profile role does not close this. Checked on the plan, where the views over the
 * catalogs ({@code pg_tables}, {@code information_schema.columns}, ...) show the catalog tables they
 * read. The schema tools show what the profile allows instead.
 */
final class CatalogRelationPolicy implements QueryPolicy {

    private static final Set<String> CATALOG_SCHEMAS = Set.of("pg_catalog", "information_schema", "pg_toast");

    private final String profile;

    CatalogRelationPolicy(String profile) {
        this.profile = profile;
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        for (PlanRelation scanned : plan.relations()) {
            if (CATALOG_SCHEMAS.contains(scanned.schema())) {
                throw refuse("catalog-relation", profile, "The query reads the system catalog "
                        + scanned.qualifiedName() + ", which names every object of the database, the ones this "
                        + "policy hides included, so pgmcp does not run it",
                        "Use the list_schemas, list_tables and describe_table tools, which show what this policy "
                                + "allows.");
            }
        }
    }
}
