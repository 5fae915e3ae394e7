package dev.pgmcp.policy.profile;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import java.util.List;

/**
 * Refusals of the profile policies: layer, rule, the profile's name, and what to do instead. A refusal
 * never names an object the profile hides, and the refusal for a hidden object reads like the answer
 * for a missing one, so that refusals tell an agent nothing about what exists behind the profile.
 */
final class Refusals {

    private Refusals() {
    }

    static QueryRefusedException refuse(String rule, String profile, String reason, String hint) {
        return new QueryRefusedException(Layer.POLICY, rule, reason + " (policy '" + profile + "').", hint);
    }

    /**
     * The one answer for a hidden column and for a missing one, also when PostgreSQL could not plan a
     * query over a relation with hidden columns: PostgreSQL reports only the first column it cannot
     * resolve, and passes over the hidden ones, which exist, so its error would tell them apart.
     *
     * @param relations the relations the query names that lead to hidden columns ({@code schema.name})
     */
    static QueryRefusedException unshownColumn(String profile, List<String> relations) {
        return refuse("hidden-column", profile, "A column the query uses does not exist, or this profile does not "
                + "show it" + (relations.isEmpty() ? "" : " (the query reads " + String.join(", ", relations)
                + ", of which this profile shows only some columns; pgmcp does not pass on PostgreSQL's error there, "
                + "as it could tell a hidden column from a missing one)"), "describe_table lists the columns this "
                + "profile shows: use only those, and check the query's types and syntax.");
    }

    /** The one answer for a hidden relation and for a missing one, by the name the query wrote. */
    static QueryRefusedException unshownRelation(String profile, String rule, String written) {
        return refuse(rule, profile, "relation \"" + written + "\" does not exist, or this profile does not show it",
                "list_tables shows the tables and views this profile shows.");
    }

    /**
     * The one answer for a hidden type (the row type of a hidden relation) and for a missing one, by the name the
     * query wrote, as PostgreSQL writes it ({@code type "x" does not exist}).
     */
    static QueryRefusedException unshownType(String profile, String rule, String written) {
        return refuse(rule, profile, "type \"" + written + "\" does not exist, or this profile does not show it",
                "list_tables shows the tables and views this profile shows; use built-in types or those of their schemas.");
    }

    /**
     * The one answer for any name in a schema the profile hides, whatever it names (a type, function, column or
     * relation) and whether it exists or not.
     */
    static QueryRefusedException unshownName(String profile, String written) {
        return refuse("denied-schema", profile, "\"" + written + "\" does not exist, or this profile does not show it",
                "list_tables shows the schemas, tables and views this profile shows.");
    }
}
