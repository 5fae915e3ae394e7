package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.PlanRelation;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.QualifiedName;
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
        boolean[] fromItem = FromItems.starts(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            Optional<QualifiedName> written = QualifiedName.startingAt(tokens, i);
            if (written.isEmpty()) {
                continue;
            }
            boolean afterFromKeyword = fromItem[i];
            int after = written.get().last() + 1;
            boolean call = after < tokens.size() && tokens.get(after).is("(");
            if (afterFromKeyword && !call) {
                Optional<String> improper = written.get().problemAsObjectName(catalog.currentDatabase());
                if (improper.isPresent()) {
                    throw refuse("improper-name", profile.name(), "The query reads a relation named "
                            + String.join(".", written.get().parts()) + ", which is no name of this database's "
                            + "relations: " + improper.get(), "Write the relation as schema.name, or name alone.");
                }
            }
            List<String> parts = written.get().withoutDatabase(catalog.currentDatabase());
            boolean typePosition = i >= 1 && (tokens.get(i - 1).is("::") || tokens.get(i - 1).isKeyword("AS"));
            if (parts.size() <= 2 && (parts.size() == 2 || typePosition)) {
                // A type whose values are rows of a hidden relation (its row type, the array type _name, a domain),
                // answered like a missing type, as PostgreSQL's "type ... does not exist" is (HiddenObjectErrors).
                String schema = parts.size() == 2 ? parts.get(0) : null;
                Optional<PolicyCatalog.Relation> rows = catalog.rowTypeRelation(schema, written.get().name());
                if (rows.isPresent() && !permits(profile, rows.get())
                        && (typePosition || catalog.relation(schema, written.get().name()).isEmpty())) {
                    throw Refusals.unshownType(profile.name(), ruleFor(schema), String.join(".", parts));
                }
            }
            if (parts.size() >= 2) {
                // schema.relation, or schema.relation.column and so on: the first two parts.
                String schema = parts.get(0);
                String name = parts.get(1);
                Optional<PolicyCatalog.Relation> qualified = catalog.relation(schema, name);
                boolean permitted = qualified.isPresent() ? permits(profile, qualified.get())
                        : profile.schemas().permits(schema) && profile.tables().permits(schema, name);
                // In FROM, a name the rules hide is refused whether it exists or not: the answer is the same.
                boolean relationPosition = afterFromKeyword && parts.size() == 2 && !call;
                if (!permitted && (qualified.isPresent() || relationPosition)) {
                    throw Refusals.unshownRelation(profile.name(), ruleFor(schema), schema + "." + name);
                }
                if (qualified.isPresent()) {
                    checkMaterializedView(qualified.get());
                }
            } else if (afterFromKeyword) {
                Optional<PolicyCatalog.Relation> resolved = catalog.resolve(parts.get(0));
                if (resolved.isPresent() && !permits(profile, resolved.get())) {
                    throw Refusals.unshownRelation(profile.name(), ruleFor(null), parts.get(0));
                }
                if (resolved.isPresent()) {
                    checkMaterializedView(resolved.get());
                }
            }
        }
    }

    /** A materialized view holds rows computed from its sources: reading it reads them (the plan shows only its scan). */
    private void checkMaterializedView(PolicyCatalog.Relation relation) throws QueryRefusedException {
        Optional<String> call = HiddenData.unfollowedCall(profile, catalog, relation);
        if (call.isPresent() && !profile.hidesColumns()) {
            // With column rules, ColumnAccessPolicy gives this refusal (rule hidden-column), so there is one answer.
            throw HiddenData.unfollowedCallRefusal(profile, relation, call.get(), "denied-table");
        }
        if (relation.kind() == 'm' && HiddenData.readsHiddenRelation(profile, catalog, relation)) {
            throw refuse("denied-table", profile.name(), "The query reads the materialized view "
                    + relation.schema() + "." + relation.name() + ", whose rows are computed from a "
                    + "relation this profile does not show", "Query other tables or views; list_tables shows "
                    + "the ones available.");
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
            if (!permits(profile, relation.get())) {
                Optional<String> written = written(statement.tokens(), relation.get());
                if (written.isPresent()) {
                    throw Refusals.unshownRelation(profile.name(), ruleFor(written.get().contains(".")
                            ? relation.get().schema() : null), written.get());
                }
                // Reached through a view: its name is not the agent's to learn.
                throw refuse(deniedSchema(relation.get()) ? "denied-schema" : "denied-table", profile.name(),
                        "The query reads, through a view, a relation this profile does not show",
                        "Query other tables or views; list_tables shows the ones available.");
            }
            checkMaterializedView(relation.get());
        }
    }

    /**
     * The rule for a hidden name as the query wrote it: by the rules on the written schema, never by
     * what exists, so that a missing name and a hidden one get the same rule.
     */
    private String ruleFor(String writtenSchema) {
        return writtenSchema != null && !profile.schemas().permits(writtenSchema) ? "denied-schema" : "denied-table";
    }

    private boolean deniedSchema(PolicyCatalog.Relation relation) {
        return !profile.schemas().permitsAny(aliases(relation).stream().map(a -> new String[] {a[0]}).toList());
    }

    /** The relation's name as the text writes it ({@code schema.name} or {@code name}), if it does. */
    private Optional<String> written(List<SqlToken> tokens, PolicyCatalog.Relation relation) {
        for (int i = 0; i < tokens.size(); i++) {
            if (isName(tokens.get(i)) && tokens.get(i).identifierValue().equals(relation.name())) {
                Optional<QualifiedName> name = QualifiedName.at(tokens, i);
                if (name.isPresent() && name.get().last() == i && name.get().size() >= 2) {
                    List<String> parts = name.get().withoutDatabase(catalog.currentDatabase());
                    return Optional.of(parts.get(parts.size() - 2) + "." + relation.name());
                }
                return Optional.of(relation.name());
            }
        }
        return Optional.empty();
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
