package dev.pgmcp.core.execution;

import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.query.QueryAnalyzer;
import dev.pgmcp.core.query.QueryModel;
import dev.pgmcp.core.sql.StatementText;
import dev.pgmcp.core.values.ColumnReader;
import dev.pgmcp.core.values.ColumnTypes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.postgresql.core.BaseConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one read-only query with every layer of the read-only guarantee in force:
 * <ol>
 *   <li>input bounds and L1 (one statement, a query), checked by {@link StatementGate};</li>
 *   <li>L0: a read-only transaction with {@code SET LOCAL} timeouts, always rolled back, then the
 *       session reset to a clean state by {@link SessionReset} (or the connection discarded);</li>
 *   <li>L2/L3: the {@link QueryModel} ({@link QueryAnalyzer}) and the {@link QueryPolicy};</li>
 *   <li>L4: the plan, by {@link PlanGate};</li>
 *   <li>L5: a bounded fetch: row cap, byte cap, truncation reported.</li>
 * </ol>
 * The statement PostgreSQL runs is the agent's own text; only {@code $n} placeholders are
 * rewritten into the driver's form. Thread-safe.
 */
public final class SafeExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(SafeExecutor.class);
    private static final int MAX_FETCH_SIZE = 500;

    private final DatabasePool pool;
    private final ExecutionLimits limits;
    private final QueryPolicy policy;
    private final StatementGate statementGate;
    private final PlanGate planGate = new PlanGate();
    private final SessionReset sessionReset = new SessionReset();
    private final QueryAnalyzer analyzer;
    private final boolean requireParsedSql;
    /** The switch to the profile's role, or none when the profile runs as the login role. */
    private final RoleSwitch roleSwitch;

    /** An executor whose query models resolve no relation names (no catalog), unparsed SQL allowed. */
    public SafeExecutor(DatabasePool pool, ExecutionLimits limits, QueryPolicy policy) {
        this(pool, limits, policy, new QueryAnalyzer(null), false);
    }

    /**
     * @param analyzer         builds the query model the policy sees
     * @param requireParsedSql refuse SQL that Calcite cannot parse instead of taking the PostgreSQL path
     */
    public SafeExecutor(DatabasePool pool, ExecutionLimits limits, QueryPolicy policy, QueryAnalyzer analyzer,
                        boolean requireParsedSql) {
        this(pool, limits, policy, analyzer, requireParsedSql, null);
    }

    /**
     * @param analyzer         builds the query model the policy sees
     * @param requireParsedSql refuse SQL that Calcite cannot parse instead of taking the PostgreSQL path
     * @param role             the role every call switches to with {@code SET LOCAL ROLE} inside its
     *                         read-only transaction (the login role must be a member); null for none
     */
    public SafeExecutor(DatabasePool pool, ExecutionLimits limits, QueryPolicy policy, QueryAnalyzer analyzer,
                        boolean requireParsedSql, String role) {
        this.pool = Objects.requireNonNull(pool, "pool");
        this.roleSwitch = RoleSwitch.to(role);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.policy = connect(Objects.requireNonNull(policy, "policy"), pool);
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.requireParsedSql = requireParsedSql;
        this.statementGate = new StatementGate(limits);
    }

    /** The policy with its catalog facts read, so that it can check function names before EXPLAIN runs. */
    private static QueryPolicy connect(QueryPolicy policy, DatabasePool pool) {
        try {
            return policy.connect(pool);
        } catch (SQLException e) {
            throw new dev.pgmcp.core.connection.DatabaseUnavailableException(
                    "cannot read the catalog for the query policy: " + e.getMessage(), e);
        }
    }

    public ExecutionLimits limits() {
        return limits;
    }

    /**
     * Runs the query.
     *
     * @throws QueryRefusedException when a layer refuses it; nothing ran
     * @throws QueryFailedException  when PostgreSQL reported an error; the transaction was rolled back
     */
    public QueryResult execute(QueryRequest request) throws QueryException {
        statementGate.checkInput(request);
        StatementText statement = statementGate.checkStatement(request.sql(), true);
        int rowLimit = request.maxRows() != null ? request.maxRows() : limits.defaultMaxRows();
        // Parsed before a connection is borrowed: resolving names may read the catalog through the pool.
        Optional<QueryModel> parsed = analyzer.parse(statement);
        try (Connection connection = pool.borrow()) {
            boolean standardConformingStrings = connection.unwrap(BaseConnection.class).getStandardConformingStrings();
            if (!standardConformingStrings) {
                statement = statementGate.checkStatement(request.sql(), false);
                parsed = Optional.empty(); // Calcite reads strings the standard way only
            }
            checkParameters(statement, request.params());
            StatementText.JdbcForm form = statement.toJdbcForm();
            statementGate.checkDriverSplit(form, standardConformingStrings);
            policy.checkStatement(statement);
            if (parsed.isPresent()) {
                policy.checkModel(parsed.get());
            } else if (requireParsedSql) {
                throw new QueryRefusedException(Layer.POLICY, "unparsed-sql", "pgmcp's SQL parser cannot read this "
                        + "query, and this server only runs queries it can analyse (--require-parsed-sql).",
                        "Write it in standard SQL: CAST(x AS type) instead of x::type, INTERVAL '1' DAY instead of "
                                + "INTERVAL '1 day', functions such as jsonb_extract_path_text instead of ->> and "
                                + "@>, no DISTINCT ON or dollar quotes.");
            }
            try {
                beginReadOnly(connection);
                BoundParameters binder;
                try {
                    binder = BoundParameters.coerce(connection, form, request, limits.maxParameterBytes());
                } catch (SQLException e) {
                    throw policy.checkFailure(statement, QueryFailedException.from(e, form::toOriginalPosition), false);
                }
                PlanSummary plan;
                try {
                    plan = planGate.check(connection, form.sql(), binder);
                } catch (SQLException e) {
                    QueryRefusedException badValue = binder.refusalFor(e);
                    if (badValue != null) {
                        throw badValue;
                    }
                    throw policy.checkFailure(statement, QueryFailedException.from(e,
                            p -> form.toOriginalPosition(p - PlanGate.EXPLAIN_PREFIX.length())), false);
                }
                policy.checkPlan(statement, plan);
                if (parsed.isEmpty()) {
                    policy.checkModel(QueryAnalyzer.fromPlan(statement, plan));
                }
                String analysis = (parsed.isPresent() ? QueryModel.Analysis.CALCITE : QueryModel.Analysis.POSTGRES)
                        .label();
                try {
                    return fetch(connection, form.sql(), binder, rowLimit).withAnalysis(analysis);
                } catch (SQLException e) {
                    throw policy.checkFailure(statement, QueryFailedException.from(e, form::toOriginalPosition), true);
                }
            } catch (SQLException e) {
                throw QueryFailedException.from(e, p -> 0);
            } finally {
                endTransaction(connection);
            }
        } catch (SQLException e) {
            throw QueryFailedException.from(e, p -> 0);
        }
    }

    /**
     * The types PostgreSQL infers for the placeholders of a query, for checking a query template at
     * start-up: the statement is checked by the statement gate and only prepared (parsed and
     * described, never planned or run) inside a read-only transaction that is rolled back.
     *
     * @return for each distinct {@code $n} in ascending order, PostgreSQL's type name ({@code int4}, {@code _text}, ...)
     * @throws QueryRefusedException when the statement gate refuses the statement
     * @throws QueryFailedException  when PostgreSQL cannot parse it or infer a parameter's type
     */
    public SortedMap<Integer, String> parameterTypes(String sql) throws QueryException {
        StatementText statement = statementGate.checkStatement(sql, true);
        try (Connection connection = pool.borrow()) {
            boolean standardConformingStrings = connection.unwrap(BaseConnection.class).getStandardConformingStrings();
            if (!standardConformingStrings) {
                statement = statementGate.checkStatement(sql, false);
            }
            StatementText.JdbcForm form = statement.toJdbcForm();
            statementGate.checkDriverSplit(form, standardConformingStrings);
            try {
                beginReadOnly(connection);
                List<String> types = BoundParameters.describe(connection, form.sql());
                SortedMap<Integer, String> byNumber = new TreeMap<>();
                for (int i = 0; i < types.size(); i++) {
                    byNumber.putIfAbsent(form.parameterOrder().get(i), types.get(i));
                }
                return byNumber;
            } catch (SQLException e) {
                throw QueryFailedException.from(e, form::toOriginalPosition);
            } finally {
                endTransaction(connection);
            }
        } catch (SQLException e) {
            throw QueryFailedException.from(e, p -> 0);
        }
    }

    private void beginReadOnly(Connection connection) throws SQLException {
        try (Statement setup = connection.createStatement()) {
            setup.execute("SET TRANSACTION READ ONLY; "
                    + "SET LOCAL statement_timeout = " + limits.statementTimeout().toMillis() + "; "
                    + "SET LOCAL lock_timeout = " + limits.lockTimeout().toMillis() + "; "
                    + "SET LOCAL idle_in_transaction_session_timeout = " + limits.idleInTransactionTimeout().toMillis());
        }
        switchRole(connection);
    }

    /**
     * Switches to the profile's role for the rest of the transaction, so that PostgreSQL checks the
     * profile's grants (tables, columns, row-level security, and the SQL that functions such as
     * crosstab or query_to_xml run) whatever the statement looks like. The rollback ends it; the
     * statement gate refuses SET and RESET, and set_config is a refused function.
     */
    private void switchRole(Connection connection) throws SQLException {
        roleSwitch.apply(connection);
    }

    /**
     * Rolls back, then resets the session ({@link SessionReset}), since advisory locks, prepared
     * statements, the random seed and more survive a rollback. When either fails the connection
     * is evicted, so no state can reach the next call.
     */
    private void endTransaction(Connection connection) {
        try {
            if (connection.isClosed()) {
                // The pool already discarded it (a fatal error such as a broken connection): nothing leaks.
                return;
            }
            connection.rollback();
            sessionReset.reset(connection);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("discarding a connection whose clean-up failed: {}", e instanceof SQLException sql
                    ? "SQLSTATE " + sql.getSQLState() : e.getClass().getSimpleName());
            pool.evict(connection);
        }
    }

    /**
     * Reads at most {@code rowLimit} rows and {@link ExecutionLimits#maxResultBytes} bytes. The fetch
     * size comes from the byte budget: a fetch of rows that each fit the budget fits the driver's
     * buffer ({@link DatabasePool#MAX_RESULT_BUFFER_BYTES}). A fetch that would not fit (a row larger
     * than the buffer, for example) ends the result there, reported as truncated; the driver has
     * closed that connection and the pool replaces it.
     */
    private QueryResult fetch(Connection connection, String jdbcSql, PlanGate.ParameterBinder binder, int rowLimit)
            throws SQLException {
        List<ResultColumn> columns = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        String truncation = null;
        try (PreparedStatement ps = connection.prepareStatement(jdbcSql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(fetchSize(rowLimit));
            ps.setMaxRows(rowLimit + 1);
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                int columnCount = meta.getColumnCount();
                ColumnReader[] readers = new ColumnReader[columnCount];
                List<ColumnTypes.ColumnType> types = ColumnTypes.of(connection, rs);
                long bytes = 2;
                for (int i = 1; i <= columnCount; i++) {
                    columns.add(new ResultColumn(meta.getColumnLabel(i), types.get(i - 1).name()));
                    readers[i - 1] = types.get(i - 1).reader();
                    bytes += meta.getColumnLabel(i).length() + 32;
                }
                while (rs.next()) {
                    if (rows.size() == rowLimit) {
                        truncation = "max_rows";
                        break;
                    }
                    List<Object> row = new ArrayList<>(columnCount);
                    long rowBytes = 3;
                    for (int i = 0; i < columnCount; i++) {
                        Object value = readers[i].read(rs, i + 1);
                        row.add(value);
                        rowBytes += JsonSize.of(value) + 1;
                    }
                    if (bytes + rowBytes > limits.maxResultBytes()) {
                        truncation = "max_result_bytes";
                        break;
                    }
                    bytes += rowBytes;
                    rows.add(row);
                }
            }
        } catch (SQLException e) {
            if (!DatabasePool.isResultBufferExceeded(e)) {
                throw e;
            }
            LOG.debug("a fetch exceeded the driver's result buffer; the result ends after {} rows", rows.size());
            truncation = "max_result_bytes";
        }
        return new QueryResult(columns, rows, truncation != null, truncation, rowLimit);
    }

    /** Rows per fetch: as many rows of the full byte budget as fit the driver's buffer, within the row cap. */
    private int fetchSize(int rowLimit) {
        long fitting = Math.max(1, DatabasePool.MAX_RESULT_BUFFER_BYTES / limits.maxResultBytes());
        return (int) Math.min(Math.min(rowLimit + 1, MAX_FETCH_SIZE), fitting);
    }

    private static void checkParameters(StatementText statement, List<Object> params) throws QueryRefusedException {
        Set<Integer> used = statement.parameterNumbers();
        int highest = statement.maxParameterNumber();
        if (highest > params.size()) {
            throw new QueryRefusedException(Layer.INPUT, "parameter-count", "The SQL uses $" + highest + " but "
                    + params.size() + " parameter value" + (params.size() == 1 ? " was" : "s were") + " given.",
                    "Pass one value in params for each of $1..$" + highest + ".");
        }
        if (used.size() != params.size()) {
            Set<Integer> unused = new TreeSet<>();
            for (int i = 1; i <= params.size(); i++) {
                if (!used.contains(i)) {
                    unused.add(i);
                }
            }
            throw new QueryRefusedException(Layer.INPUT, "parameter-count", params.size() + " parameter value"
                    + (params.size() == 1 ? " was" : "s were") + " given, but the SQL never uses "
                    + unused.stream().map(n -> "$" + n).toList() + ".",
                    "Pass exactly one value for each placeholder the SQL uses.");
        }
    }
}
