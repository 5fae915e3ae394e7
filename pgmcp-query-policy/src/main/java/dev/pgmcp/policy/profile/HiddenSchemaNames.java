package dev.pgmcp.policy.profile;

import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.QualifiedName;
import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.core.sql.StatementText;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Refuses, before anything else looks at them, the names the text qualifies with a schema the profile hides,
 * in every position and whether the object exists or not: a relation, but also a type
 * ({@code enum_range(NULL::"Analytics"."Level")} lists an enum's labels), a function or an operator. The answer
 * depends only on the name written (a relation in FROM reads like a missing relation, a type like a missing type,
 * anything else like a missing name), so it tells an agent nothing about what the hidden schema holds. Where the
 * first part may be a table alias instead (a column {@code o.id}), only a schema that exists or that a deny rule
 * names counts as one, so that aliases keep working under a schema allowlist. The name is read whole
 * ({@link QualifiedName}), a first part equal to the current database dropped. The built-in schemas
 * {@code pg_catalog} and {@code information_schema}, which hold the same objects in every database, are left to
 * the other rules (a schema allowlist hides them from FROM, see {@link RelationAccessPolicy}).
 */
final class HiddenSchemaNames implements QueryPolicy {

    private static final Set<String> BUILT_IN_SCHEMAS = Set.of("pg_catalog", "information_schema");

    private final PolicyProfile profile;
    private final PolicyCatalog catalog;

    HiddenSchemaNames(PolicyProfile profile, PolicyCatalog catalog) {
        this.profile = profile;
        this.catalog = catalog;
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        List<SqlToken> tokens = statement.tokens();
        boolean[] fromItem = FromItems.starts(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            Optional<QualifiedName> name = QualifiedName.startingAt(tokens, i);
            if (name.isEmpty()) {
                continue;
            }
            int end = name.get().last();
            if (end + 2 < tokens.size() && tokens.get(end + 1).is(".")
                    && tokens.get(end + 2).kind() == SqlToken.Kind.OPERATOR
                    && i >= 2 && tokens.get(i - 1).is("(") && tokens.get(i - 2).isKeyword("OPERATOR")) {
                // OPERATOR(schema.op): the operator is the name's last part.
                List<String> withOperator = new java.util.ArrayList<>(name.get().parts());
                withOperator.add(tokens.get(end + 2).text());
                name = Optional.of(new QualifiedName(withOperator, i, end + 2));
            }
            if (name.get().size() < 2) {
                continue;
            }
            List<String> parts = name.get().withoutDatabase(catalog.currentDatabase());
            String schema = parts.get(0);
            if (parts.size() < 2 || BUILT_IN_SCHEMAS.contains(schema) || profile.schemas().permits(schema)) {
                continue;
            }
            int after = name.get().last() + 1;
            boolean call = after < tokens.size() && tokens.get(after).is("(");
            boolean operator = tokens.get(name.get().last()).kind() == SqlToken.Kind.OPERATOR;
            boolean type = i >= 1 && (tokens.get(i - 1).is("::") || tokens.get(i - 1).isKeyword("AS"));
            if (call && parts.size() == 2 && profile.functions().allowedExactly(schema, parts.get(1))) {
                continue; // the configuration names this function itself: calling it tells nothing hidden
            }
            String written = String.join(".", parts);
            if (type) {
                throw Refusals.unshownType(profile.name(), "denied-schema", written);
            }
            if (fromItem[i] && parts.size() == 2 && !call) {
                throw Refusals.unshownRelation(profile.name(), "denied-schema", written);
            }
            // In a call, an OPERATOR(...) or FROM, the first part can only be a schema; elsewhere it may be a
            // table alias (o.id under a schema allowlist), so only a schema that exists, or one a deny rule names,
            // is taken for one.
            if (call || operator || fromItem[i] || catalog.schemas().contains(schema)
                    || profile.schemas().deniedBy(schema).isPresent()) {
                throw Refusals.unshownName(profile.name(), written);
            }
        }
    }
}
