package dev.pgmcp.policy.complexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.DefaultPolicy;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The join and nesting limits through the executor: on Calcite's model, and on the plan's for unparsed SQL. */
class ComplexityLimitExecutionTest {

    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x")
                        .resolve("postgresql://pgmcp_reader@" + db.host() + ":" + db.port() + "/" + db.databaseName()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"))
                .policy(DefaultPolicy.of(1e7, 2, 1))
                .start();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static QueryRefusedException refusal(String sql) {
        try {
            runtime.executor().execute(QueryRequest.of(sql));
        } catch (QueryRefusedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a refusal, got " + e, e);
        }
        throw new AssertionError("expected a refusal, the query ran: " + sql);
    }

    @Test
    void parsedQueriesAreCountedOnTheModel() throws Exception {
        assertThat(runtime.executor().execute(QueryRequest.of("SELECT count(*) FROM sales.orders o "
                + "JOIN sales.customers c ON c.id = o.customer_id JOIN sales.order_items i ON i.order_id = o.id"))
                .analysis()).isEqualTo("calcite");
        QueryRefusedException joins = refusal("SELECT count(*) FROM sales.orders o, sales.customers c, "
                + "sales.products p, hr.departments d WHERE o.customer_id = c.id AND p.id = d.id");
        assertThat(joins.rule()).isEqualTo("max-joins");
        assertThat(joins.reason()).contains("3 joins;");
        QueryRefusedException depth = refusal("SELECT id FROM sales.orders WHERE customer_id IN "
                + "(SELECT id FROM sales.customers WHERE id IN (SELECT customer_id FROM sales.orders))");
        assertThat(depth.rule()).isEqualTo("max-subquery-depth");
    }

    @Test
    void unparsedQueriesAreCountedOnThePlan() {
        QueryRefusedException joins = refusal("SELECT o.id, c.profile->>'tier' FROM sales.orders o "
                + "JOIN sales.customers c ON c.id = o.customer_id JOIN sales.order_items i ON i.order_id = o.id "
                + "JOIN sales.products p ON p.id = i.product_id");
        assertThat(joins.rule()).isEqualTo("max-joins");
        assertThat(joins.reason()).contains("in PostgreSQL's plan");
    }
}
