package dev.pgmcp.policy.profile;

import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.sql.StatementText;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's errors in a profile that hides objects. They can name what the profile hides (the
 * HINT of a misspelt column, {@code Perhaps you meant to reference the column "e.ssn"}, names the
 * nearest column, hidden or not), and they tell a hidden object from a missing one (a hidden column
 * exists, so PostgreSQL passes over it and reports the next problem, or none). So:
 * <ul>
 *   <li>when a query that names a relation leading to hidden columns cannot be prepared or planned,
 *       the agent gets the same refusal as for a hidden column ({@link Refusals#unshownColumn}), unless
 *       the error is a grammar error or an operational one, which do not depend on what exists;</li>
 *   <li>{@code relation "x" does not exist} gets the same refusal as a hidden relation
 *       ({@link Refusals#unshownRelation}), and {@code type "x" does not exist} the same as the row type of a
 *       hidden relation ({@link Refusals#unshownType});</li>
 *   <li>every other error keeps its message, and loses its DETAIL and HINT, which quote names, values
 *       and column lists, unless the hint is one of PostgreSQL's fixed texts.</li>
 * </ul>
 */
final class HiddenObjectErrors implements QueryPolicy {

    private static final Pattern MISSING_RELATION = Pattern.compile("relation \"(.+)\" does not exist");
    private static final Pattern MISSING_TYPE = Pattern.compile("type \"(.+)\" does not exist");

    /** PostgreSQL's hints that are fixed texts, which cannot name anything. */
    private static final Set<String> FIXED_HINTS = Set.of(
            "No function matches the given name and argument types. You might need to add explicit type casts.",
            "No operator matches the given name and argument types. You might need to add explicit type casts.",
            "Could not choose a best candidate function. You might need to add explicit type casts.",
            "Could not choose a best candidate operator. You might need to add explicit type casts.",
            "No aggregate function matches the given name and argument types. Perhaps you misplaced ORDER BY; "
                    + "ORDER BY must appear last, after all regular arguments of the aggregate.");

    private final PolicyProfile profile;
    private final PolicyCatalog catalog;

    HiddenObjectErrors(PolicyProfile profile, PolicyCatalog catalog) {
        this.profile = profile;
        this.catalog = catalog;
    }

    @Override
    public QueryFailedException checkFailure(StatementText statement, QueryFailedException failure, boolean planned)
            throws QueryRefusedException {
        if (!planned && !independentOfWhatExists(failure)) {
            if (profile.hidesColumns()) {
                List<String> reaching = HiddenData.namedReachingHiddenColumns(profile, catalog, statement.tokens());
                if (!reaching.isEmpty()) {
                    throw Refusals.unshownColumn(profile.name(), reaching);
                }
            }
            if ("42P01".equals(failure.sqlState())) {
                Matcher missing = MISSING_RELATION.matcher(failure.getMessage());
                if (missing.matches()) {
                    String written = missing.group(1);
                    int dot = written.indexOf('.');
                    throw Refusals.unshownRelation(profile.name(), dot > 0
                            && !profile.schemas().permits(written.substring(0, dot)) ? "denied-schema" : "denied-table",
                            written);
                }
            }
            if ("42704".equals(failure.sqlState())) {
                Matcher missing = MISSING_TYPE.matcher(failure.getMessage());
                if (missing.matches()) {
                    // The row type of a hidden relation is refused with these words (ColumnAccessPolicy).
                    String written = missing.group(1);
                    int dot = written.lastIndexOf('.');
                    String schema = dot > 0 ? written.substring(written.lastIndexOf('.', dot - 1) + 1, dot) : null;
                    throw Refusals.unshownType(profile.name(), schema != null && !profile.schemas().permits(schema)
                            ? "denied-schema" : "denied-table", written);
                }
            }
        }
        String hint = failure.hint() != null && FIXED_HINTS.contains(failure.hint()) ? failure.hint() : null;
        if (failure.detail() == null && hint == null && failure.hint() == null) {
            return failure;
        }
        return new QueryFailedException(failure.sqlState(), failure.getMessage(), null, hint, failure.position());
    }

    /** Grammar errors and operational ones (connection, resources, cancellation, locks) tell nothing about objects. */
    private static boolean independentOfWhatExists(QueryFailedException failure) {
        String state = failure.sqlState() == null ? "" : failure.sqlState();
        return ("42601".equals(state) && failure.getMessage().startsWith("syntax error"))
                || state.startsWith("08") || state.startsWith("53") || state.startsWith("57") || "55P03".equals(state);
    }
}
