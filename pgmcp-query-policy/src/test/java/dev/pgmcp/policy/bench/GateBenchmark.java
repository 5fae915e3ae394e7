package dev.pgmcp.policy.bench;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.PlanGate;
import dev.pgmcp.core.execution.PlanSummary;
import dev.pgmcp.core.execution.StatementGate;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.query.QueryAnalyzer;
import dev.pgmcp.core.query.QueryModel;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.policy.DefaultPolicy;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of pgmcp's gate for typical agent queries, step by step: lexing with the statement gate
 * (L1), Calcite's parse and the query model (L2, names resolved through a warm catalog), the default
 * policy's checks on the text and the model (L3), all of them together, and the EXPLAIN round trip
 * (L4) against the test database. Run with {@code mvn -P benchmarks ...} (see docs/benchmarks/gate.md);
 * not part of the test run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GateBenchmark {

    /** Typical queries: a key lookup, a four-table join with aggregates, and JSON SQL Calcite does not parse. */
    public static final Map<String, String> QUERIES = Map.of(
            "lookup", "SELECT id, val, label FROM public.big_numbers WHERE id = $1",
            "join4", "SELECT c.name, p.name AS product, sum(i.quantity * i.price) AS spent FROM sales.customers c "
                    + "JOIN sales.orders o ON o.customer_id = c.id JOIN sales.order_items i ON i.order_id = o.id "
                    + "JOIN sales.products p ON p.id = i.product_id WHERE o.status = 'delivered' "
                    + "GROUP BY c.name, p.name ORDER BY spent DESC LIMIT 20",
            "json", "SELECT id, profile->>'tier' AS tier FROM sales.customers "
                    + "WHERE profile @> '{\"newsletter\": true}' AND created_at > now() - INTERVAL '400 days'");

    @Param({"lookup", "join4", "json"})
    public String query;

    private String sql;
    private PgmcpRuntime runtime;
    private StatementGate gate;
    private QueryAnalyzer analyzer;
    private QueryAnalyzer uncachedAnalyzer;
    private QueryPolicy policy;
    private StatementText statement;
    private QueryModel model;
    private Connection connection;
    private String jdbcSql;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        sql = QUERIES.get(query);
        TestDatabase db = TestDatabase.get();
        runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x")
                        .resolve("postgresql://pgmcp_reader@" + db.host() + ":" + db.port() + "/" + db.databaseName()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "bench"))
                .start();
        gate = new StatementGate(ExecutionLimits.DEFAULTS);
        analyzer = new QueryAnalyzer(runtime.catalog());
        uncachedAnalyzer = new QueryAnalyzer(runtime.catalog(), 0);
        policy = DefaultPolicy.of().connect(runtime.pool()); // reads the catalog the function check resolves names in
        statement = gate.checkStatement(sql, true);
        model = analyzer.parse(statement).orElse(null); // also warms the catalog
        connection = db.readerConnection();
        connection.setAutoCommit(true);
        jdbcSql = statement.toJdbcForm().sql();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        connection.close();
        runtime.close();
    }

    /** L1: lexing and the single-statement and read-statement checks. */
    @Benchmark
    public StatementText lexAndStatementGate() throws Exception {
        return gate.checkStatement(sql, true);
    }

    /** L2: Calcite's parse and the query model (empty for SQL Calcite does not parse), for a text seen first. */
    @Benchmark
    public Optional<QueryModel> parseAndModel() {
        return uncachedAnalyzer.parse(statement);
    }

    /** L2 for a text parsed before (repeated queries, templates): the cached tree, names resolved again. */
    @Benchmark
    public Optional<QueryModel> parseAndModelCached() {
        return analyzer.parse(statement);
    }

    /** L3 before planning: the default policy on the text and, when parsed, on the model. */
    @Benchmark
    public StatementText policyChecks() throws Exception {
        policy.checkStatement(statement);
        if (model != null) {
            policy.checkModel(model);
        }
        return statement;
    }

    /** Everything before the database is asked: lex, gate, parse, model, policy, for a text seen first. */
    @Benchmark
    public Object wholeGate() throws Exception {
        StatementText text = gate.checkStatement(sql, true);
        Optional<QueryModel> parsed = uncachedAnalyzer.parse(text);
        policy.checkStatement(text);
        if (parsed.isPresent()) {
            policy.checkModel(parsed.get());
        }
        return parsed;
    }

    /** L4: one EXPLAIN (VERBOSE, FORMAT JSON) round trip (autocommit) and the plan's summary. */
    @Benchmark
    public PlanSummary explain() throws Exception {
        return new PlanGate().check(connection, jdbcSql, ps -> {
            if (jdbcSql.indexOf('?') >= 0) {
                ps.setObject(1, "42", java.sql.Types.OTHER);
            }
        });
    }

    /** Runs the benchmarks from the test classpath (the {@code benchmarks} profile calls this). */
    public static void main(String[] args) throws Exception {
        org.openjdk.jmh.Main.main(args.length > 0 ? args : new String[] {GateBenchmark.class.getSimpleName()});
    }
}
