package dev.pgmcp.policy.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.QueryException;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.query.QueryModel;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.policy.DefaultPolicy;
import dev.pgmcp.policy.corpus.AgentQueryCorpus.CorpusQuery;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The corpus of realistic agent queries ({@code corpus/agent-queries.sql}) through {@code SafeExecutor}
 * as the read-only role, under the hosts' default policy: every query must be accepted and return rows.
 * The same corpus also runs through the shaded stdio jar and the official MCP client
 * ({@code CorpusAndAttacksIT} in pgmcp-server-stdio).
 * Records which path built each query model (Calcite or PostgreSQL's plan), checks the relations the
 * model reports for the annotated samples, and writes the parse rate to
 * {@code target/corpus-report.txt}.
 */
class AgentQueryCorpusTest {

    private static PgmcpRuntime runtime;
    private static final RecordingPolicy POLICY = new RecordingPolicy(DefaultPolicy.of());

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x")
                        .resolve("postgresql://pgmcp_reader@" + db.host() + ":" + db.port() + "/" + db.databaseName()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"))
                .policy(POLICY)
                .start();
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyCorpusQueryRunsUnderTheDefaultPolicy() throws Exception {
        List<CorpusQuery> corpus = AgentQueryCorpus.load();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
        SoftAssertions softly = new SoftAssertions();
        Map<String, List<String>> byPath = new TreeMap<>();
        List<String> planOnly = new ArrayList<>();
        for (CorpusQuery query : corpus) {
            String label = "line " + query.line() + ": " + query.sql();
            POLICY.last = null;
            POLICY.lastPlan = null;
            try {
                QueryResult result = runtime.executor().execute(new QueryRequest(query.sql(), query.params(), null));
                QueryModel model = POLICY.last;
                softly.assertThat(model).as(label + ": the policy saw a model").isNotNull();
                softly.assertThat(result.analysis()).as(label + ": analysis path").isIn("calcite", "postgres");
                if (model != null) {
                    softly.assertThat(model.analysis().label()).as(label + ": model path").isEqualTo(result.analysis());
                    softly.assertThat(model.parameterCount()).as(label + ": parameters")
                            .isEqualTo(query.params().size());
                    if (query.relations() != null) {
                        Set<String> relations = model.relations().stream().map(QueryModel.Relation::qualifiedName)
                                .collect(Collectors.toSet());
                        softly.assertThat(relations).as(label + ": model relations (" + model.analysis() + ")")
                                .isEqualTo(query.relations());
                    }
                }
                if (model != null && model.parsed() && POLICY.lastPlan != null) {
                    Set<String> named = model.relations().stream().map(QueryModel.Relation::qualifiedName)
                            .collect(Collectors.toSet());
                    List<String> unnamed = POLICY.lastPlan.relations().stream().map(r -> r.qualifiedName())
                            .filter(r -> !named.contains(r)).distinct().toList();
                    if (!unnamed.isEmpty()) {
                        planOnly.add(query.line() + ": " + unnamed);
                    }
                }
                byPath.computeIfAbsent(result.analysis(), k -> new ArrayList<>()).add(query.line() + ": " + query.sql());
            } catch (QueryException e) {
                softly.fail(label + " was not accepted: " + e.toAgentMessage());
            }
        }
        softly.assertAll();

        int parsed = byPath.getOrDefault("calcite", List.of()).size();
        double rate = (double) parsed / corpus.size();
        StringBuilder report = new StringBuilder(String.format(java.util.Locale.ROOT,
                "%d corpus queries, %d parsed by Calcite (%.1f %%), %d through PostgreSQL's plan%n", corpus.size(),
                parsed, rate * 100, corpus.size() - parsed));
        report.append(System.lineSeparator()).append("== parsed queries whose plan reads relations the model does not "
                + "name (views and partitions expanded by PostgreSQL)").append(System.lineSeparator());
        planOnly.forEach(q -> report.append(q).append(System.lineSeparator()));
        byPath.forEach((path, queries) -> {
            report.append(System.lineSeparator()).append("== ").append(path).append(System.lineSeparator());
            queries.forEach(q -> report.append(q).append(System.lineSeparator()));
        });
        System.out.println(report);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            Files.writeString(target.resolve("corpus-report.txt"), report);
        }
        // Most realistic SQL is analysed from Calcite's tree; a drop means the parser configuration broke.
        assertThat(rate).as("Calcite parse rate").isGreaterThan(0.6);
    }

    @Test
    void strictModeRefusesWhatCalciteCannotParseAndRunsTheRest() throws Exception {
        TestDatabase db = TestDatabase.get();
        try (PgmcpRuntime strict = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x")
                        .resolve("postgresql://pgmcp_reader@" + db.host() + ":" + db.port() + "/" + db.databaseName()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"))
                .policy(DefaultPolicy.of())
                .requireParsedSql(true)
                .start()) {
            assertThat(strict.executor().execute(QueryRequest.of("SELECT count(*) FROM sales.orders")).analysis())
                    .isEqualTo("calcite");
            try {
                strict.executor().execute(QueryRequest.of("SELECT profile->>'tier' FROM sales.customers"));
                throw new AssertionError("an unparsed query ran in strict mode");
            } catch (QueryRefusedException e) {
                assertThat(e.rule()).isEqualTo("unparsed-sql");
                assertThat(e.toAgentMessage()).contains("--require-parsed-sql", "standard SQL");
            }
        }
    }

    /** The default policy, remembering the last query model it was shown. */
    static final class RecordingPolicy implements QueryPolicy {
        private volatile QueryPolicy delegate;
        volatile QueryModel last;
        volatile PlanSummary lastPlan;

        RecordingPolicy(QueryPolicy delegate) {
            this.delegate = delegate;
        }

        /** Connects the delegate and keeps recording. */
        @Override
        public QueryPolicy connect(dev.pgmcp.core.connection.DatabasePool pool) throws java.sql.SQLException {
            delegate = delegate.connect(pool);
            return this;
        }

        @Override
        public void checkStatement(StatementText statement) throws QueryRefusedException {
            delegate.checkStatement(statement);
        }

        @Override
        public void checkModel(QueryModel model) throws QueryRefusedException {
            last = model;
            delegate.checkModel(model);
        }

        @Override
        public void checkPlan(StatementText statement, PlanSummary plan) throws QueryRefusedException {
            lastPlan = plan;
            delegate.checkPlan(statement, plan);
        }
    }
}
