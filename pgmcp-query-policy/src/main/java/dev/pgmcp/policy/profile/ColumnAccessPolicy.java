package dev.pgmcp.policy.profile;

import static dev.pgmcp.policy.profile.Refusals.refuse;

import dev.pgmcp.core.execution.PlanColumn;
import dev.pgmcp.core.execution.PlanRelation;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.StatementText;
import java.util.List;
import java.util.Optional;

/**
 * Hidden columns of a profile, checked on the columns whose values the plan uses (views expanded,
 * so a view over a hidden column is caught at the table). A whole-row use ({@code t.*} in
 * {@code row_to_json(t)}, {@code t::text}) of a table with a hidden column is refused, and so is a
 * plan whose columns pgmcp could not read completely when it touches such a table.
 *
 * <p>A column-alias list on such a table ({@code FROM hr.employees AS e(id, name, x)}) is refused
 * before planning: EXPLAIN prints the columns under the alias names, so the plan no longer says
 * which real column a name stands for ({@link ColumnAliasLists}).
 */
public final class ColumnAccessPolicy implements QueryPolicy {

    private final PolicyProfile profile;
    private final PolicyCatalog catalog;

    public ColumnAccessPolicy(PolicyProfile profile, PolicyCatalog catalog) {
        this.profile = profile;
        this.catalog = catalog;
    }

    /** Whether the profile hides the column (also for catalog visibility). */
    public static boolean hidden(PolicyProfile profile, PolicyCatalog catalog, String schema, String table,
                                 String column) {
        Optional<PolicyCatalog.Relation> relation = catalog.relation(schema, table);
        List<String[]> aliases = relation.isPresent() && !relation.get().rootName().equals(table)
                ? List.of(new String[] {schema, table, column},
                        new String[] {relation.get().rootSchema(), relation.get().rootName(), column})
                : List.<String[]>of(new String[] {schema, table, column});
        return !profile.columns().permitsAny(aliases);
    }

    @Override
    public void checkStatement(StatementText statement) throws QueryRefusedException {
        for (PolicyCatalog.Relation named : HiddenData.named(catalog, statement.tokens())) {
            checkMaterializedView(named);
        }
        checkRowTypes(statement.tokens());
        for (ColumnAliasLists.RelationName written : ColumnAliasLists.in(statement.tokens())) {
            Optional<PolicyCatalog.Relation> relation = written.schema() != null
                    ? catalog.relation(written.schema(), written.name()) : catalog.resolve(written.name());
            if (relation.isEmpty() || relation.get().isView()) {
                // A view's alias list renames the view's columns, and its plan shows the tables' real
                // ones; a name the catalog does not know is a CTE, or is refused once planned.
                continue;
            }
            String table = relation.get().schema() + "." + relation.get().name();
            Optional<String> hiddenColumn = firstHidden(relation.get().schema(), relation.get().name());
            if (hiddenColumn.isPresent()) {
                throw refuse("hidden-column", profile.name(), "The query renames the columns of " + table
                        + " with a column-alias list, and this profile shows only some of that table's columns "
                        + "(the plan would show alias names, not which columns are read)",
                        "Drop the column list after the table's alias and name the visible columns you need, "
                                + "like FROM " + table + " AS t ... t.column AS new_name.");
            }
        }
    }

    @Override
    public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        if (profile.role() == null) {
            checkStatistics(plan);
        }
        for (PlanColumn used : plan.columns()) {
            String table = used.schema() + "." + used.table();
            if (used.isWholeRow()) {
                Optional<String> hiddenColumn = firstHidden(used.schema(), used.table());
                if (hiddenColumn.isPresent()) {
                    throw refuse("hidden-column", profile.name(), "The query uses whole rows of " + table
                            + " (*, t.*, a row function or a row cast), and this profile shows only some of that "
                            + "table's columns", "Name the columns you need instead of the whole row; "
                            + "describe_table lists the ones this profile shows.");
                }
            } else if (hidden(profile, catalog, used.schema(), used.table(), used.column())) {
                // Worded as for a missing column, without its name: see Refusals.unshownColumn.
                throw Refusals.unshownColumn(profile.name(),
                        HiddenData.namedReachingHiddenColumns(profile, catalog, statement.tokens()));
            }
        }
        for (PlanRelation scanned : plan.relations()) {
            Optional<PolicyCatalog.Relation> relation = catalog.relation(scanned.schema(), scanned.name());
            if (relation.isPresent()) {
                checkMaterializedView(relation.get());
            }
        }
        checkRelationsWithoutScan(statement, plan);
        if (!plan.columnsComplete()) {
            for (PlanRelation relation : plan.relations()) {
                if (firstHidden(relation.schema(), relation.name()).isPresent()) {
                    throw refuse("hidden-column", profile.name(), "pgmcp could not tell which columns of "
                            + relation.qualifiedName() + " the query uses, and that table has hidden columns",
                            "Simplify the query, naming the columns you need.");
                }
            }
        }
    }

    /**
     * A relation the planner proves empty ({@code WHERE false}, constant-false quals, an unused WITH query)
     * leaves no scan node: the plan is a Result whose output still says {@code e.*} or {@code ssn}, and the
     * column check, which ties aliases to relations through scan nodes, sees no relation. PostgreSQL still
     * resolved every column name against the relation, so the query tells a hidden column from a missing one
     * ({@code SELECT ssn ... WHERE false} answers no rows, {@code ssq} an error) and a whole row still names
     * every column. When the text names a relation that leads to hidden columns (a table with hidden columns,
     * a view or materialized view over hidden data) and the plan scans neither it nor, for a view, any of its
     * sources, the answer is the one for a missing column.
     */
    private void checkRelationsWithoutScan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
        java.util.Set<String> scanned = new java.util.HashSet<>();
        for (PlanRelation relation : plan.relations()) {
            scanned.add(relation.schema() + "." + relation.name());
            catalog.relation(relation.schema(), relation.name())
                    .ifPresent(r -> scanned.add(r.rootSchema() + "." + r.rootName()));
        }
        for (PolicyCatalog.Relation named : HiddenData.named(catalog, statement.tokens())) {
            if (!HiddenData.reachesHiddenColumns(profile, catalog, named) || isScanned(named, scanned)) {
                continue;
            }
            throw Refusals.unshownColumn(profile.name(),
                    HiddenData.namedReachingHiddenColumns(profile, catalog, statement.tokens()));
        }
    }

    private boolean isScanned(PolicyCatalog.Relation relation, java.util.Set<String> scanned) {
        if (scanned.contains(relation.schema() + "." + relation.name())
                || scanned.contains(relation.rootSchema() + "." + relation.rootName())) {
            return true;
        }
        if (relation.kind() == 'v') {
            for (RelationSources.Source source : catalog.sources(relation.schema(), relation.name())) {
                if (scanned.contains(source.schema() + "." + source.name())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Words whose parenthesis holds {@code expression AS type}. */
    private static final java.util.Set<String> CAST_LIKE = java.util.Set.of("cast", "treat", "xmlcast");

    /**
     * The row type of a table with hidden columns, used as a type ({@code NULL::hr.employees},
     * {@code CAST(x AS hr.employees)}, a column definition list {@code AS x(r hr.employees)}), names the
     * hidden columns: {@code json_populate_record(NULL::hr.employees, '{}')} returns them as result
     * columns and {@code to_jsonb(NULL::hr.employees)} as keys, without reading a row. Found in the text:
     * a relation name after {@code ::}, after {@code AS} inside {@code CAST(}, or after a column name
     * inside parentheses, outside FROM items. The name is read whole ({@code db.hr.employees} too) and resolved
     * through pg_type, so an array type ({@code hr._employees}) or a domain stands for its relation; the row type
     * of a relation the profile hides completely is refused with the answer for a missing type.
     */
    private void checkRowTypes(List<dev.pgmcp.core.sql.SqlToken> tokens) throws QueryRefusedException {
        boolean[] fromItem = FromItems.starts(tokens);
        java.util.Deque<Boolean> castParens = new java.util.ArrayDeque<>();
        for (int i = 1; i < tokens.size(); i++) {
            dev.pgmcp.core.sql.SqlToken token = tokens.get(i);
            dev.pgmcp.core.sql.SqlToken before = tokens.get(i - 1);
            if (token.is("(")) {
                castParens.push(before.kind() == dev.pgmcp.core.sql.SqlToken.Kind.WORD
                        && CAST_LIKE.contains(before.text().toLowerCase(java.util.Locale.ROOT)));
                continue;
            }
            if (token.is(")")) {
                castParens.poll();
                continue;
            }
            if (!isName(token) || before.is(".") || fromItem[i]) {
                continue;
            }
            boolean afterColumnName = !castParens.isEmpty() && isName(before) && !fromItem[i - 1]
                    && !(i >= 2 && tokens.get(i - 2).is("."));
            boolean typePosition = before.is("::") || (before.isKeyword("AS") && Boolean.TRUE.equals(castParens.peek()))
                    || afterColumnName;
            if (!typePosition) {
                continue;
            }
            Optional<dev.pgmcp.core.sql.QualifiedName> name = dev.pgmcp.core.sql.QualifiedName.startingAt(tokens, i);
            if (name.isEmpty()) {
                continue;
            }
            Optional<String> improper = name.get().problemAsObjectName(catalog.currentDatabase());
            if (improper.isPresent() && before.is("::")) {
                throw refuse("improper-name", profile.name(), "The query names a type as "
                        + String.join(".", name.get().parts()) + ", which is no name of this database's types: "
                        + improper.get(), "Write the type as schema.name (or name alone, for a type on the search path).");
            }
            List<String> parts = name.get().withoutDatabase(catalog.currentDatabase());
            if (parts.size() > 2) {
                continue; // a column and its field (hr.employees.name), not a type
            }
            Optional<PolicyCatalog.Relation> relation = catalog.rowTypeRelation(parts.size() == 2 ? parts.get(0) : null,
                    name.get().name());
            if (relation.isPresent() && !RelationAccessPolicy.permits(profile, relation.get())) {
                // Worded as for a missing type, by the name the query wrote.
                throw Refusals.unshownType(profile.name(), parts.size() == 2 && !profile.schemas().permits(parts.get(0))
                        ? "denied-schema" : "denied-table", String.join(".", name.get().parts()));
            }
            if (relation.isPresent() && HiddenData.hasHiddenColumns(profile, catalog, relation.get())) {
                String table = relation.get().schema() + "." + relation.get().name();
                throw refuse("hidden-column", profile.name(), "The query uses the row type of " + table
                        + " as a type, and this profile shows only some of that table's columns (the type's "
                        + "column names and values would include the others)", "Build the row from the columns "
                        + "you need, such as json_build_object('id', id, ...); describe_table lists them.");
            }
        }
    }

    private static boolean isName(dev.pgmcp.core.sql.SqlToken token) {
        return token.kind() == dev.pgmcp.core.sql.SqlToken.Kind.WORD
                || token.kind() == dev.pgmcp.core.sql.SqlToken.Kind.QUOTED_IDENTIFIER;
    }

    /**
     * A materialized view holds rows computed from its sources, and its plan shows only its own scan, so
     * reading it counts as reading every column it was computed from. Checked on the names in the text
     * (before EXPLAIN, which under a profile role fails on the view's privileges first) and on the plan
     * (a view over a materialized view).
     */
    private void checkMaterializedView(PolicyCatalog.Relation relation) throws QueryRefusedException {
        Optional<String> call = HiddenData.unfollowedCall(profile, catalog, relation);
        if (call.isPresent()) {
            throw HiddenData.unfollowedCallRefusal(profile, relation, call.get(), "hidden-column");
        }
        if (relation.kind() == 'm' && HiddenData.readsHiddenColumns(profile, catalog, relation)) {
            throw refuse("hidden-column", profile.name(), "The query reads the materialized view "
                    + relation.schema() + "." + relation.name() + ", whose rows are computed from columns this "
                    + "profile does not show", "Query the tables it is built on instead, naming the columns "
                    + "describe_table lists.");
        }
    }

    /**
     * The statistics PostgreSQL keeps about columns (histograms, most common values, also of
     * extended statistics) are samples of their values. The views over them ({@code pg_stats},
     * {@code pg_stats_ext}, {@code pg_stats_ext_exprs}) show a column's statistics when the
     * current role may read the column, so only a profile with a role can let them through: under
     * the login role they would show the statistics of the columns this profile hides. Checked on
     * the tables the plan scans, so every view and function over them is covered.
     */
    private void checkStatistics(PlanSummary plan) throws QueryRefusedException {
        for (PlanRelation relation : plan.relations()) {
            if (relation.schema().equals("pg_catalog") && STATISTICS_TABLES.contains(relation.name())) {
                throw refuse("column-statistics", profile.name(), "The query reads pg_catalog." + relation.name()
                        + " (behind pg_stats, pg_stats_ext and pg_stats_ext_exprs), whose histograms and most "
                        + "common values sample the columns this profile hides", "Query the tables themselves. "
                        + "(An administrator can give the profile a role: PostgreSQL then shows only the statistics "
                        + "of the columns that role may read.)");
            }
        }
    }

    /** The catalog tables that hold samples of column values. */
    private static final java.util.Set<String> STATISTICS_TABLES = java.util.Set.of("pg_statistic",
            "pg_statistic_ext_data");

    private Optional<String> firstHidden(String schema, String table) throws QueryRefusedException {
        Optional<PolicyCatalog.Relation> relation = catalog.relation(schema, table);
        if (relation.isEmpty()) {
            catalog.refreshInBackground();
            throw refuse("unknown-relation", profile.name(), "The query reads " + schema + "." + table
                    + ", which is newer than pgmcp's copy of the catalog",
                    "Try again in a few seconds, once the catalog was re-read.");
        }
        return relation.get().columns().stream().filter(c -> hidden(profile, catalog, schema, table, c)).findFirst();
    }
}
