package dev.pgmcp.policy.profile;

import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.sql.SqlToken;
import dev.pgmcp.policy.functions.BuiltinFunctions;
import dev.pgmcp.policy.functions.FunctionClass;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which relations lead to data a profile hides: a table with hidden columns, and a view or
 * materialized view whose rows are computed from hidden columns or hidden relations
 * ({@link RelationSources}). Used to judge materialized views (whose plans show only their own scan)
 * and to decide which PostgreSQL errors could tell a hidden column from a missing one.
 */
final class HiddenData {

    private HiddenData() {
    }

    /** Whether some column of the relation itself is hidden. */
    static boolean hasHiddenColumns(PolicyProfile profile, PolicyCatalog catalog, PolicyCatalog.Relation relation) {
        return relation.columns().stream().anyMatch(c -> ColumnAccessPolicy.hidden(profile, catalog,
                relation.schema(), relation.name(), c));
    }

    /**
     * For a materialized view in a profile that hides objects, the first function computing its rows (its
     * definition's or a view's it reads) that is not of the read class, as {@code schema.name}: a refused or
     * catalog built-in ({@code query_to_xml('SELECT ssn FROM hr.employees', ...)}, whose SQL text pg_depend does
     * not record), or any extension or user function, whose body pgmcp cannot see. Such a view may hold hidden
     * data, so it counts as reading it.
     */
    static Optional<String> unfollowedCall(PolicyProfile profile, PolicyCatalog catalog,
                                           PolicyCatalog.Relation relation) {
        if (relation.kind() != 'm' || !(profile.restrictsRelations() || profile.hidesColumns())) {
            return Optional.empty();
        }
        for (RelationSources.Call call : catalog.callsOfView(relation.schema(), relation.name())) {
            for (PolicyCatalog.Function function : catalog.functions(call.schema(), call.name())) {
                if (!function.builtin() || BuiltinFunctions.shipped().entry(function.schema(), function.name())
                        .map(e -> e.functionClass() != FunctionClass.READ).orElse(true)) {
                    return Optional.of(function.displayName());
                }
            }
        }
        return Optional.empty();
    }

    /** The refusal for reading a materialized view computed by {@code function} ({@link #unfollowedCall}). */
    static QueryRefusedException unfollowedCallRefusal(PolicyProfile profile, PolicyCatalog.Relation relation,
                                                       String function, String rule) {
        return Refusals.refuse(rule, profile.name(), "The query reads the materialized view " + relation.schema() + "."
                + relation.name() + ", whose rows were computed by the function " + function + ", which can read "
                + "data or catalog objects this profile hides (pgmcp cannot follow what it read)", "Query the "
                + "tables it is built on instead, naming the columns describe_table lists.");
    }

    /** Whether the rows of a view or materialized view are computed from a column the profile hides. */
    static boolean readsHiddenColumns(PolicyProfile profile, PolicyCatalog catalog, PolicyCatalog.Relation relation) {
        if (unfollowedCall(profile, catalog, relation).isPresent()) {
            return true;
        }
        for (RelationSources.Source source : catalog.sources(relation.schema(), relation.name())) {
            if (source.column() != null
                    && ColumnAccessPolicy.hidden(profile, catalog, source.schema(), source.name(), source.column())) {
                return true;
            }
            if (source.wholeRow()) {
                Optional<PolicyCatalog.Relation> read = catalog.relation(source.schema(), source.name());
                if (read.isPresent() && hasHiddenColumns(profile, catalog, read.get())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the rows of a view or materialized view are computed from a relation the profile hides. */
    static boolean readsHiddenRelation(PolicyProfile profile, PolicyCatalog catalog, PolicyCatalog.Relation relation) {
        for (RelationSources.Source source : catalog.sources(relation.schema(), relation.name())) {
            Optional<PolicyCatalog.Relation> read = catalog.relation(source.schema(), source.name());
            if (read.isPresent() && !RelationAccessPolicy.permits(profile, read.get())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first hidden relation ({@code schema.name}) or column ({@code schema.name.column}) the rows of a
     * view or materialized view are computed from, for the administrator's messages at start-up.
     */
    static Optional<String> firstHiddenSource(PolicyProfile profile, PolicyCatalog catalog,
                                              PolicyCatalog.Relation relation) {
        for (RelationSources.Source source : catalog.sources(relation.schema(), relation.name())) {
            Optional<PolicyCatalog.Relation> read = catalog.relation(source.schema(), source.name());
            String table = source.schema() + "." + source.name();
            if (read.isPresent() && !RelationAccessPolicy.permits(profile, read.get())) {
                return Optional.of(table);
            }
            if (source.column() != null
                    && ColumnAccessPolicy.hidden(profile, catalog, source.schema(), source.name(), source.column())) {
                return Optional.of(table + "." + source.column());
            }
            if (source.wholeRow() && read.isPresent() && hasHiddenColumns(profile, catalog, read.get())) {
                return Optional.of(table + " (whole rows, hidden columns included)");
            }
        }
        return unfollowedCall(profile, catalog, relation).map(f -> "what the function " + f + " read (not of "
                + "pgmcp's read class, so it may read anything)");
    }

    /** Whether reading the relation can reach a column the profile hides. */
    static boolean reachesHiddenColumns(PolicyProfile profile, PolicyCatalog catalog, PolicyCatalog.Relation relation) {
        return hasHiddenColumns(profile, catalog, relation) || readsHiddenColumns(profile, catalog, relation);
    }

    /**
     * The relations the text names (qualified anywhere, unqualified through the search path) that
     * lead to hidden columns, as {@code schema.name}, in the order of the text, without repeats.
     */
    static List<String> namedReachingHiddenColumns(PolicyProfile profile, PolicyCatalog catalog, List<SqlToken> tokens) {
        Set<String> found = new LinkedHashSet<>();
        for (PolicyCatalog.Relation relation : named(catalog, tokens)) {
            if (reachesHiddenColumns(profile, catalog, relation)) {
                found.add(relation.schema() + "." + relation.name());
            }
        }
        return List.copyOf(found);
    }

    /** The relations of the catalog that the text names, qualified or through the search path. */
    static List<PolicyCatalog.Relation> named(PolicyCatalog catalog, List<SqlToken> tokens) {
        List<PolicyCatalog.Relation> named = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            java.util.Optional<dev.pgmcp.core.sql.QualifiedName> name = dev.pgmcp.core.sql.QualifiedName.startingAt(tokens, i);
            if (name.isEmpty()) {
                continue;
            }
            List<String> parts = name.get().withoutDatabase(catalog.currentDatabase());
            if (parts.size() >= 2) {
                catalog.relation(parts.get(0), parts.get(1)).ifPresent(named::add);
            } else {
                catalog.resolve(parts.get(0)).ifPresent(named::add);
            }
        }
        return named;
    }
}
