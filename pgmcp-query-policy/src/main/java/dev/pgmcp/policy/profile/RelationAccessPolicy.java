package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.PlanRelation;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.core.sql.StatementText;
import java.util.List;
import java.util.Optional;

/**
 * Schema and table allow/deny rules of a profile. Checked on the plan, where every relation read
 * appears (views expanded into their tables, partitions as partitions); a partition or inheritance
 * child is judged together with its root table, so rules on a partitioned table apply to its
 * partitions. Views do not appear in plans, so the relation names written in the text are checked
 * too: a denied view is refused by name, and a view over a denied table by that table.
 */
public final class RelationAccessPolicy implements QueryPolicy {

    private final PolicyProfile profile;
    private final PolicyCatalog catalog;

    public RelationAccessPolicy(PolicyProfile profile, PolicyCatalog catalog) {
        this.profile = profile;
        this.catalog = catalog;
    }

    /** Whether the profile lets agents use the relation (also for catalog visibility). */
    public static boolean permits(PolicyProfile profile, PolicyCatalog.Relation relation) {
        List<String[]> aliases = aliases(relation);
        return profile.schemas().permitsAny(aliases.stream().map(a -> new String[] {a[0]}).toList())
                && profile.tables().permitsAny(aliases);
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        List<SqlToken> tokens = statement.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (!isName(token) || (i > 0 && tokens.get(i - 1).is("."))) {
                continue;
            }
            boolean afterFromKeyword = i > 0 && (tokens.get(i - 1).isKeyword("FROM") || tokens.get(i - 1).isKeyword("JOIN")
                    || tokens.get(i - 1).isKeyword("TABLE") || tokens.get(i - 1).isKeyword("ONLY"));
            if (i + 2 < tokens.size() && tokens.get(i + 1).is(".") && isName(tokens.get(i + 2))) {
                Optional<PolicyCatalog.Relation> qualified = catalog.relation(token.identifierValue(),
                        tokens.get(i + 2).identifierValue());
                if (qualified.isPresent()) {
                    check(qualified.get(), "named in the query");
                }
            } else if (afterFromKeyword) {
                Optional<PolicyCatalog.Relation> resolved = catalog.resolve(token.identifierValue());
                if (resolved.isPresent()) {
                    check(resolved.get(), "named in the query");
                }
            }
        }
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        for (PlanRelation scanned : plan.relations()) {
            Optional<PolicyCatalog.Relation> relation = catalog.relation(scanned.schema(), scanned.name());
            if (relation.isEmpty()) {
                catalog.refreshInBackground();
                throw refuse("unknown-relation", profile.name(), "The query reads " + scanned.qualifiedName()
                        + ", which is newer than pgmcp's copy of the catalog",
                        "Try again in a few seconds, once the catalog was re-read.");
            }
            check(relation.get(), "read by the query");
        }
    }

    private void check(PolicyCatalog.Relation relation, String how) throws QueryRefusedException {
        if (permits(profile, relation)) {
            return;
        }
        List<String[]> aliases = aliases(relation);
        List<String[]> schemas = aliases.stream().map(a -> new String[] {a[0]}).toList();
        String what = (relation.isView() ? "View " : "Table ") + relation.schema() + "." + relation.name()
                + (aliases.size() > 1 ? " (part of " + relation.rootSchema() + "." + relation.rootName() + ")" : "")
                + ", " + how + (relation.isView() || how.startsWith("named") ? "" : " (possibly through a view)");
        if (!profile.schemas().permitsAny(schemas)) {
            throw refuse("denied-schema", profile.name(), what + ", is in a schema that is hidden: "
                    + profile.schemas().reasonAny(schemas), "Query tables of other schemas; list_schemas shows "
                    + "the ones available.");
        }
        throw refuse("denied-table", profile.name(), what + ", is hidden: " + profile.tables().reasonAny(aliases),
                "Query other tables; list_tables shows the ones available.");
    }

    static List<String[]> aliases(PolicyCatalog.Relation relation) {
        if (relation.rootSchema().equals(relation.schema()) && relation.rootName().equals(relation.name())) {
            return List.<String[]>of(new String[] {relation.schema(), relation.name()});
        }
        return List.of(new String[] {relation.schema(), relation.name()},
                new String[] {relation.rootSchema(), relation.rootName()});
    }

    private static boolean isName(SqlToken token) {
        return token.kind() == SqlToken.Kind.WORD || token.kind() == SqlToken.Kind.QUOTED_IDENTIFIER;
    }
}
