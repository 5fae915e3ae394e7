package dev.pgmcp.policy.complexity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.functions.FunctionAllowlistPolicy;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanCostLimitTest {

    private static PgmcpRuntime runtime;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), db.readerUser())
                        .resolve("postgresql://" + db.readerUser() + "@" + db.host() + ":" + db.port() + "/"
                                + db.databaseName()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"))
                .policy(QueryPolicy.allOf(List.of(new FunctionAllowlistPolicy(),
                        new PlanCostLimit(PlanCostLimit.DEFAULT_MAX_COST))))
                .start();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT count(*) FROM public.big_numbers a CROSS JOIN public.big_numbers b",
        "SELECT count(*) FROM generate_series(1, 1000000000)",
        "SELECT * FROM public.big_numbers a JOIN public.big_numbers b ON a.val < b.val",
    })
    void refusesCostBombsBeforeTheyRun(String sql) {
        assertThatThrownBy(() -> runtime.executor().execute(QueryRequest.of(sql)))
                .isInstanceOfSatisfying(QueryRefusedException.class, e -> {
                    assertThat(e.layer()).isEqualTo(Layer.POLICY);
                    assertThat(e.rule()).isEqualTo("max-cost");
                    assertThat(e.toAgentMessage()).contains("above the limit of 1.00e+07").contains("--max-cost");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT * FROM public.big_numbers",
        "SELECT count(*), avg(val) FROM public.big_numbers",
        "SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c ON c.id = o.customer_id",
        "SELECT count(*) FROM public.big_numbers a JOIN public.big_numbers b ON a.id = b.id",
    })
    void letsOrdinaryAndLargeButLinearQueriesRun(String sql) throws Exception {
        assertThat(runtime.executor().execute(QueryRequest.of(sql)).columns()).isNotEmpty();
    }

    @Test
    void rejectsAMeaninglessLimit() {
        assertThatThrownBy(() -> new PlanCostLimit(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new PlanCostLimit(Double.NaN)).hasMessageContaining("positive");
    }
}
