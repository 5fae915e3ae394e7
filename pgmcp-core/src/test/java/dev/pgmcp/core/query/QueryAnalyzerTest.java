package dev.pgmcp.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.query.QueryModel.Column;
import dev.pgmcp.core.query.QueryModel.Relation;
import dev.pgmcp.core.query.QueryModel.StatementKind;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.sql.FunctionCall;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.core.support.TestRuntimes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Calcite-parsed query model against the fixture's catalog, as the read-only role sees it. */
class QueryAnalyzerTest {

    private static PgmcpRuntime runtime;
    private static QueryAnalyzer analyzer;

    @BeforeAll
    static void start() {
        runtime = TestRuntimes.reader();
        analyzer = new QueryAnalyzer(runtime.catalog());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static QueryModel parsed(String sql) throws Exception {
        Optional<QueryModel> model = analyzer.parse(StatementText.of(sql, true));
        assertThat(model).as("Calcite parses: " + sql).isPresent();
        assertThat(model.get().analysis()).isEqualTo(QueryModel.Analysis.CALCITE);
        return model.get();
    }

    private static List<String> functionNames(QueryModel model) {
        return model.functions().stream().map(FunctionCall::name).toList();
    }

    @Test
    void resolvesUnqualifiedNamesThroughTheSearchPathAndQuotedNamesAsWritten() throws Exception {
        QueryModel model = parsed("SELECT d.detail, b.val FROM \"order details\" d JOIN big_numbers b ON b.id = d.id "
                + "JOIN \"Analytics\".\"PageViews\" p ON p.id = b.id WHERE p.\"Path\" = '/'");
        assertThat(model.relations()).containsExactly(new Relation("public", "order details", true),
                new Relation("public", "big_numbers", true), new Relation("Analytics", "PageViews", true));
        assertThat(model.columns()).contains(new Column("public", "order details", "detail"),
                new Column("public", "big_numbers", "id"), new Column("Analytics", "PageViews", "Path"));
        assertThat(model.joins()).isEqualTo(2);
    }

    @Test
    void foldsUnquotedNamesAndLeavesUnknownRelationsToPostgres() throws Exception {
        QueryModel model = parsed("SELECT count(*) FROM SALES.Orders o, pg_class c, sales.nope");
        assertThat(model.relations()).containsExactly(new Relation("sales", "orders", true),
                new Relation(null, "pg_class", false), new Relation("sales", "nope", false));
        assertThat(model.columns()).isEmpty();
        assertThat(model.joins()).isEqualTo(2);
    }

    @Test
    void expandsStarAndQualifiedStarThroughTheCatalog() throws Exception {
        QueryModel model = parsed("SELECT o.*, c.name FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id");
        assertThat(model.columns()).contains(new Column("sales", "orders", "note"),
                new Column("sales", "orders", "ordered_at"), new Column("sales", "customers", "name"),
                new Column("sales", "customers", "id"));
        assertThat(model.columns()).doesNotContain(new Column("sales", "customers", "email"));

        QueryModel star = parsed("SELECT * FROM hr.employees WHERE id = 1");
        assertThat(star.columns()).contains(new Column("hr", "employees", "ssn"), new Column("hr", "employees", "salary"));
    }

    @Test
    void wholeRowReferencesReadEveryColumn() throws Exception {
        QueryModel model = parsed("SELECT row_to_json(e) FROM hr.employees e");
        assertThat(model.columns()).contains(new Column("hr", "employees", "ssn"));
        assertThat(functionNames(model)).containsExactly("row_to_json");
    }

    @Test
    void cteNamesAreNotRelationsAndRecursionIsSeen() throws Exception {
        QueryModel model = parsed("WITH RECURSIVE chain AS (SELECT id, manager_id, 1 AS level FROM hr.employees "
                + "WHERE manager_id IS NULL UNION ALL SELECT e.id, e.manager_id, c.level + 1 FROM hr.employees e "
                + "JOIN chain c ON e.manager_id = c.id) SELECT level, count(*) FROM chain GROUP BY level ORDER BY level");
        assertThat(model.relations()).containsExactly(new Relation("hr", "employees", true));
        assertThat(model.ctes()).containsExactly("chain");
        assertThat(model.recursive()).isTrue();
        assertThat(model.setOperations()).isEqualTo(1);
        assertThat(model.subqueryDepth()).isEqualTo(1);
        assertThat(model.ordered()).isTrue();
        assertThat(model.limited()).isFalse();
        assertThat(model.columns()).containsExactlyInAnyOrder(new Column("hr", "employees", "id"),
                new Column("hr", "employees", "manager_id"));
    }

    @Test
    void functionsInFromAndNestedSubqueries() throws Exception {
        QueryModel model = parsed("SELECT name FROM sales.customers WHERE id IN (SELECT customer_id FROM sales.orders "
                + "WHERE total > (SELECT avg(total) FROM sales.orders)) LIMIT 5");
        assertThat(model.subqueryDepth()).isEqualTo(2);
        assertThat(model.limited()).isTrue();
        assertThat(functionNames(model)).containsExactly("avg");

        QueryModel sample = parsed("SELECT * FROM sales.products p TABLESAMPLE SYSTEM (50) WHERE p.id < 3");
        assertThat(sample.relations()).containsExactly(new Relation("sales", "products", true));
        assertThat(sample.columns()).contains(new Column("sales", "products", "sku"));

        QueryModel series = parsed("SELECT g FROM TABLE(generate_series(1, 3)) AS t(g)");
        assertThat(functionNames(series)).containsExactly("generate_series");
        assertThat(series.relations()).isEmpty();
    }

    @Test
    void quotedFunctionNamesAreKeptAsWrittenWithPositions() throws Exception {
        String sql = "SELECT \"pg_sleep\"(0), PUBLIC.My_Func(1)";
        QueryModel model = parsed(sql);
        assertThat(model.functions()).containsExactly(new FunctionCall(null, "pg_sleep", 8),
                new FunctionCall("public", "my_func", 30));
    }

    @Test
    void windowsSetOperationsParametersAndKinds() throws Exception {
        QueryModel model = parsed("SELECT id, rank() OVER (PARTITION BY customer_id ORDER BY total DESC) FROM sales.orders "
                + "WHERE status = $1 AND total > $2");
        assertThat(model.windowFunctions()).isEqualTo(1);
        assertThat(model.parameterCount()).isEqualTo(2);
        assertThat(model.columns()).contains(new Column("sales", "orders", "customer_id"),
                new Column("sales", "orders", "status"));
        assertThat(parsed("SELECT 1 UNION SELECT 2 EXCEPT SELECT 3").kind()).isEqualTo(StatementKind.SET_OPERATION);
        assertThat(parsed("VALUES (1), (2)").kind()).isEqualTo(StatementKind.VALUES);
        assertThat(parsed("SELECT 1").kind()).isEqualTo(StatementKind.SELECT);
    }

    @Test
    void nestedCommentsAreBlankedOutAndParametersKeepPositions() throws Exception {
        QueryModel model = parsed("SELECT /* a /* nested */ comment */ lower(name) FROM sales.customers -- x\n"
                + "WHERE id = $10 AND upper(email) = $1");
        assertThat(model.functions()).containsExactly(new FunctionCall(null, "lower", 37),
                new FunctionCall(null, "upper", 94));
        assertThat(model.parameterCount()).isEqualTo(2);
    }

    @Test
    void cachedTreesGiveTheSameModelAndUnparsedTextsStayUnparsed() throws Exception {
        QueryAnalyzer cached = new QueryAnalyzer(runtime.catalog(), 10_000);
        QueryAnalyzer uncached = new QueryAnalyzer(runtime.catalog(), 0);
        String sql = "SELECT c.name, count(*) FROM sales.customers c JOIN sales.orders o ON o.customer_id = c.id "
                + "WHERE o.status = $1 GROUP BY c.name";
        StatementText statement = StatementText.of(sql, true);
        QueryModel first = cached.parse(statement).orElseThrow();
        assertThat(cached.parse(statement)).contains(first);
        assertThat(uncached.parse(statement)).contains(first);
        StatementText distinctOn = StatementText.of("SELECT DISTINCT ON (id) id FROM sales.orders", true);
        assertThat(cached.parse(distinctOn)).isEmpty();
        assertThat(cached.parse(distinctOn)).isEmpty();
    }

    @Test
    void postgresSyntaxCalciteDoesNotReadTakesThePlanPath() throws Exception {
        for (String sql : List.of("SELECT profile->>'tier' FROM sales.customers",
                "SELECT now() - INTERVAL '1 day'",
                "SELECT DISTINCT ON (customer_id) customer_id, id FROM sales.orders ORDER BY customer_id, id",
                "SELECT $$dollar$$", "SELECT E'a\\'' AS x", "SELECT 1 AS U&\"d\\0061t\\+000061\"",
                "SELECT '{\"a\":1}'::jsonb ? 'a'")) {
            assertThat(analyzer.parse(StatementText.of(sql, true))).as(sql).isEmpty();
        }
    }
}
