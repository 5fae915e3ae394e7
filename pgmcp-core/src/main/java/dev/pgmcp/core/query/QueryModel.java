package dev.pgmcp.core.query;

import dev.pgmcp.core.sql.FunctionCall;
import java.util.List;
import java.util.Set;

/**
 * What one read query does, for the policy layer (L2). Built by {@link QueryAnalyzer} from Apache
 * Calcite's parse tree ({@link Analysis#CALCITE}) or, for SQL Calcite cannot parse, from PostgreSQL's
 * plan and pgmcp's PostgreSQL-faithful token scan ({@link Analysis#POSTGRES}). The model only
 * describes the query: pgmcp always executes the agent's original text.
 *
 * @param analysis        how the model was built
 * @param kind            the kind of the main statement
 * @param relations       relations referenced, in order of first appearance; CTE names are not relations.
 *                        From Calcite: as written (views are not expanded), resolved against the catalog and
 *                        search_path; from the plan: the tables PostgreSQL scans (views expanded)
 * @param columns         columns referenced, {@code *} and {@code t.*} expanded through the catalog
 * @param functions       functions called, in FROM as anywhere else; names as PostgreSQL resolves them
 * @param joins           joins (explicit and comma joins; from the plan: join nodes)
 * @param subqueryDepth   deepest nesting of queries inside the main query (subqueries, derived tables, CTE bodies)
 * @param ctes            names of the WITH queries, in order
 * @param recursive       true for WITH RECURSIVE
 * @param setOperations   UNION, INTERSECT and EXCEPT operators
 * @param windowFunctions calls with an OVER clause
 * @param limited         the main query has LIMIT or FETCH
 * @param ordered         the main query has ORDER BY
 * @param parameterCount  distinct {@code $n} placeholders
 */
public record QueryModel(Analysis analysis, StatementKind kind, List<Relation> relations, Set<Column> columns,
                         List<FunctionCall> functions, int joins, int subqueryDepth, List<String> ctes,
                         boolean recursive, int setOperations, int windowFunctions, boolean limited,
                         boolean ordered, int parameterCount) {

    public QueryModel {
        relations = List.copyOf(relations);
        columns = Set.copyOf(columns);
        functions = List.copyOf(functions);
        ctes = List.copyOf(ctes);
    }

    /** True when Calcite parsed the query. */
    public boolean parsed() {
        return analysis == Analysis.CALCITE;
    }

    /** How a model was built. */
    public enum Analysis {
        /** From Apache Calcite's parse tree of the agent's SQL. */
        CALCITE("calcite"),
        /** From PostgreSQL's plan and the token scan, for SQL that Calcite does not parse. */
        POSTGRES("postgres");

        private final String label;

        Analysis(String label) {
            this.label = label;
        }

        /** {@code calcite} or {@code postgres}, as reported to clients. */
        public String label() {
            return label;
        }
    }

    /** The kind of the main statement. */
    public enum StatementKind {
        SELECT, VALUES, TABLE, SET_OPERATION
    }

    /**
     * A relation the query names.
     *
     * @param schema   its schema: the resolved one, else as written, or null when unqualified and unresolved
     * @param name     its name, as PostgreSQL reads it (unquoted names folded to lower case)
     * @param resolved true when the name resolved to a readable relation of the catalog; otherwise
     *                 PostgreSQL decides (a system catalog, or a missing or unreadable relation)
     */
    public record Relation(String schema, String name, boolean resolved) {

        /** {@code schema.name}, or the bare name when the schema is unknown; unquoted, for messages. */
        public String qualifiedName() {
            return schema == null ? name : schema + "." + name;
        }
    }

    /**
     * A column of a relation the query reads.
     *
     * @param schema the relation's schema
     * @param table  the relation's name
     * @param column the column's name
     */
    public record Column(String schema, String table, String column) {
    }
}
