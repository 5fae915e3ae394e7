package dev.pgmcp.policy.attacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.SafeExecutor;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.policy.attacks.AttackCase.AttackContext;
import dev.pgmcp.policy.attacks.AttackCase.AttackRun;
import dev.pgmcp.policy.attacks.AttackCase.Check;
import dev.pgmcp.policy.attacks.AttackCase.Outcome;
import dev.pgmcp.policy.attacks.AttackCase.Target;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.DefaultPolicy;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Attacks on the read-only guarantee, sent through {@link SafeExecutor#execute} as pgmcp_reader
 * and as the superuser (layers L0-L4 do not depend on grants, so the guarantee must hold for
 * both). With the hosts' default policy ({@link DefaultPolicy}) every attack must be refused before it
 * runs, so that the agent learns it was; with the core layers alone (no policy) it may also fail in
 * PostgreSQL or run without effect. Controls (reads that only look like attacks) must end as declared
 * in every setup. A separate superuser
 * connection (the observer) snapshots the database before and after and the snapshots must be
 * equal. After each attack the next call through the same executor must behave normally and see
 * the configured read-only session.
 *
 * <p>The attacks are listed in {@link AttackCatalog}. A hole found there is kept as a failing case,
 * marked {@code // HOLE:}, until the main code is fixed; none is open now.
 */
class AttackSuiteTest {

    /** One connection per pool: the call after an attack uses the very session the attack ran in. */
    private static final PoolOptions ONE_CONNECTION =
            new PoolOptions(1, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(10));

    /** What a normal call sees of its session: settings, identity, session-level leftovers. */
    private static final String SESSION_STATE_SQL = "SELECT "
            + "current_setting('transaction_read_only') AS transaction_read_only, "
            + "current_setting('default_transaction_read_only') AS default_transaction_read_only, "
            + "current_setting('statement_timeout') AS statement_timeout, "
            + "(SELECT setting FROM pg_settings WHERE name = 'statement_timeout') AS statement_timeout_ms, "
            + "current_setting('lock_timeout') AS lock_timeout, "
            + "current_setting('idle_in_transaction_session_timeout') AS idle_in_transaction_session_timeout, "
            + "current_setting('search_path') AS search_path, "
            + "current_setting('standard_conforming_strings') AS standard_conforming_strings, "
            + "current_setting('client_encoding') AS client_encoding, "
            + "current_user::text AS current_user_name, "
            + "session_user::text AS session_user_name, "
            // Driver statements too: repeated calls once made pgjdbc prepare them by name (prepareThreshold 5).
            + "(SELECT count(*) FROM pg_prepared_statements) AS prepared_statements, "
            + "(SELECT count(*) FROM pg_cursors WHERE is_holdable) AS holdable_cursors, "
            + "(SELECT count(*) FROM pg_listening_channels()) AS listening_channels, "
            + "(SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()) "
            + "  AS own_advisory_locks";

    private static TestDatabase db;
    private static Connection observer;
    private static final Map<Setup, PgmcpRuntime> RUNTIMES = new EnumMap<>(Setup.class);
    private static final Map<Setup, PgmcpRuntime> SHORT_TIMEOUT_RUNTIMES = new EnumMap<>(Setup.class);

    /**
     * Who pgmcp logs in as, and whether the hosts' default policy is on. The
     * read-only role is attacked with the core layers alone too, to show they hold without the policy.
     * The superuser (which the start-up audit refuses unless overridden) is attacked as the hosts serve
     * it with --allow-privileged-role: with the default policy, which stops superuser-only side effects
     * (replication slots, statistics reset, backups) that no transaction setting can. The misconfigured
     * owner role (write grants, owns a table with BRIN and GIN indexes) is attacked with the default policy.
     */
    enum Setup {
        READER_CORE_LAYERS(Target.READER, false),
        READER_DEFAULT_POLICY(Target.READER, true),
        SUPERUSER_DEFAULT_POLICY(Target.SUPERUSER, true),
        OWNER_DEFAULT_POLICY(Target.OWNER, true);

        private final Target target;
        private final boolean policy;

        Setup(Target target, boolean policy) {
            this.target = target;
            this.policy = policy;
        }
    }
    private static final Map<SafeExecutor, Map<String, String>> BASELINES = new IdentityHashMap<>();

    @BeforeAll
    static void startRuntimes() throws Exception {
        db = TestDatabase.get();
        ExecutionLimits defaults = ExecutionLimits.DEFAULTS;
        ExecutionLimits shortTimeout = new ExecutionLimits(Duration.ofSeconds(1), defaults.lockTimeout(),
                defaults.idleInTransactionTimeout(), defaults.defaultMaxRows(), defaults.maxRowsCeiling(),
                defaults.maxResultBytes(), defaults.maxSqlLength(), defaults.maxParameterBytes());
        for (Setup setup : Setup.values()) {
            RUNTIMES.put(setup, start(setup, defaults));
            SHORT_TIMEOUT_RUNTIMES.put(setup, start(setup, shortTimeout));
        }
        observer = db.superuserConnection();
        observer.setAutoCommit(true);
        try (Statement statement = observer.createStatement()) {
            statement.execute("LISTEN c");
            statement.execute("LISTEN pgmcp_attack");
        }
        for (PgmcpRuntime runtime : allRuntimes()) {
            BASELINES.put(runtime.executor(), sessionState(runtime.executor()));
        }
    }

    @AfterAll
    static void stopRuntimes() throws Exception {
        for (PgmcpRuntime runtime : allRuntimes()) {
            runtime.close();
        }
        RUNTIMES.clear();
        SHORT_TIMEOUT_RUNTIMES.clear();
        BASELINES.clear();
        if (observer != null) {
            observer.close();
        }
    }

    private static PgmcpRuntime start(Setup setup, ExecutionLimits limits) {
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x");
        PgmcpRuntime.Builder builder = PgmcpRuntime.builder().limits(limits).pool(ONE_CONNECTION);
        if (setup.policy) {
            builder.policy(DefaultPolicy.of());
        }
        Target target = setup.target;
        switch (target) {
            case READER -> builder
                    .connection(resolver.resolve("postgresql://pgmcp_reader@" + db.host() + ":" + db.port() + "/"
                            + db.databaseName()))
                    .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"));
            case OWNER -> builder
                    .connection(resolver.resolve("postgresql://pgmcp_owner@" + db.host() + ":" + db.port() + "/"
                            + db.databaseName()))
                    .credentials(new StaticCredentialProvider("pgmcp_owner", "owner-secret-1", "test"));
            case SUPERUSER -> builder
                    .connection(resolver.resolveJdbcUrl(db.superuserJdbcUrl()))
                    .allowPrivilegedRole(true);
            default -> throw new IllegalStateException(target.toString());
        }
        return builder.start();
    }

    private static List<PgmcpRuntime> allRuntimes() {
        List<PgmcpRuntime> all = new ArrayList<>(RUNTIMES.values());
        all.addAll(SHORT_TIMEOUT_RUNTIMES.values());
        return all;
    }

    static Stream<Arguments> attacks() {
        return AttackCatalog.all().stream()
                .flatMap(attack -> Stream.of(Setup.values()).map(setup -> Arguments.of(setup, attack)));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("attacks")
    void attackHasNoEffect(Setup setup, AttackCase attack) throws Exception {
        Target target = setup.target;
        String skip = attack.skipReason(target);
        assumeTrue(skip == null, () -> "skipped as " + target + ": " + skip);
        assumeTrue(attack.extension() == null || extensionInstalled(attack.extension()), () -> "skipped: the extension "
                + attack.extension() + " is not installed in the test database (a server given by PGMCP_TEST_JDBC_URL "
                + "may lack it; the fixture installs it where the server has it)");
        SafeExecutor executor = (attack.usesShortTimeout() ? SHORT_TIMEOUT_RUNTIMES : RUNTIMES).get(setup).executor();
        String name = "[" + setup + "] " + attack;
        // With the default policy every attack must be refused before it runs, so the agent learns it was;
        // the core layers alone may also let it fail in PostgreSQL or run without effect.
        Set<Outcome> acceptable = setup.policy && !attack.isControl() ? EnumSet.of(Outcome.REFUSED)
                : attack.acceptable(target);
        for (Path file : attack.files()) {
            assertThat(file).as(name + ": file exists before the attack").doesNotExist();
        }
        drainNotifications();
        awaitQuietSessions();
        AttackDatabaseState before = AttackDatabaseState.capture(observer);
        try {
            AttackRun run = AttackRun.of(executor, attack.request());
            String description = name + " -> " + run.describe();
            SoftAssertions softly = new SoftAssertions();

            // 1. The outcome is one of the acceptable ones.
            softly.assertThat(run.outcome()).as(description + ": outcome, acceptable " + acceptable)
                    .isIn(acceptable);
            if (run.outcome() == Outcome.REFUSED) {
                softly.assertThat(run.refusal().toAgentMessage()).as(description + ": refusal message")
                        .isNotBlank().contains("Refused by pgmcp");
                if (attack.layer() != null) {
                    softly.assertThat(run.refusal().layer()).as(description + ": refusing layer")
                            .isEqualTo(attack.layer());
                }
            }
            if (run.outcome() == Outcome.FAILED && !attack.sqlStates(target).isEmpty()) {
                softly.assertThat(run.failure().sqlState()).as(description + ": SQLSTATE")
                        .isIn(attack.sqlStates(target));
            }

            // 2. Case-specific checks (they may use the executor, as the next call would).
            AttackContext context = new AttackContext(target, executor, run, observer, description);
            for (Check check : attack.checks()) {
                softly.check(() -> check.verify(context));
            }

            // 3. Nothing in the database changed.
            awaitQuietSessions();
            AttackDatabaseState after = AttackDatabaseState.capture(observer);
            softly.assertThat(after.values()).as(description + ": database state after the attack")
                    .isEqualTo(before.values());
            softly.assertThat(after.get("prepared transactions")).as(description + ": pg_prepared_xacts")
                    .isEqualTo("0");
            softly.assertThat(after.get("advisory locks (anyone)")).as(description + ": advisory locks held")
                    .isEqualTo("0");
            softly.assertThat(notifications()).as(description + ": notifications delivered to a listener").isEmpty();
            for (Path file : attack.files()) {
                softly.assertThat(file).as(description + ": file written by the server").doesNotExist();
            }

            // 4. The next call through the same executor is a normal, read-only call.
            AttackRun next = AttackRun.of(executor, QueryRequest.of("SELECT 1 AS one"));
            softly.assertThat(next.outcome()).as(description + ": the next SELECT 1 (" + next.describe() + ")")
                    .isEqualTo(Outcome.RAN_WITHOUT_EFFECT);
            if (next.outcome() == Outcome.RAN_WITHOUT_EFFECT) {
                softly.assertThat(next.result().rows()).as(description + ": the next SELECT 1 rows").hasSize(1);
                softly.assertThat(String.valueOf(next.result().rows().get(0).get(0)))
                        .as(description + ": the next SELECT 1 value").isEqualTo("1");
            }
            Map<String, String> session = sessionState(executor);
            softly.assertThat(session.get("transaction_read_only")).as(description + ": transaction_read_only "
                    + "in the next call").isEqualTo("on");
            softly.assertThat(session.get("statement_timeout_ms")).as(description + ": statement_timeout in the "
                    + "next call").isEqualTo(String.valueOf(executor.limits().statementTimeout().toMillis()));
            softly.assertThat(session).as(description + ": session state seen by the next call")
                    .isEqualTo(BASELINES.get(executor));
            awaitQuietSessions();
            AttackDatabaseState afterNext = AttackDatabaseState.capture(observer);
            softly.assertThat(afterNext.get("prepared transactions"))
                    .as(description + ": pg_prepared_xacts after the next call").isEqualTo("0");
            softly.assertThat(afterNext.values()).as(description + ": database state after the next call")
                    .isEqualTo(before.values());

            softly.assertAll();
        } finally {
            cleanUp(attack);
        }
    }

    private static boolean extensionInstalled(String name) throws Exception {
        try (PreparedStatement query = observer.prepareStatement("SELECT 1 FROM pg_extension WHERE extname = ?")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The session as a normal call sees it; fails the test if that call does not run. */
    private static Map<String, String> sessionState(SafeExecutor executor) {
        AttackRun run = AttackRun.of(executor, QueryRequest.of(SESSION_STATE_SQL));
        assertThat(run.outcome()).as("session state query: " + run.describe()).isEqualTo(Outcome.RAN_WITHOUT_EFFECT);
        Map<String, String> state = new LinkedHashMap<>();
        List<Object> row = run.result().rows().get(0);
        for (int i = 0; i < row.size(); i++) {
            state.put(run.result().columns().get(i).name(), String.valueOf(row.get(i)));
        }
        return state;
    }

    /**
     * Waits, for at most 5 s, until every other client session of this database is idle and
     * holds no lock. HikariCP treats some SQLSTATEs as fatal (0A000, for instance, which
     * query_to_xml over a DELETE raises): it closes that connection asynchronously (the backend
     * shows as idle in an aborted transaction until it has gone) and opens a replacement. After
     * such movement the quiet state must hold twice, 100 ms apart. A session that stays in a
     * transaction or keeps a lock is a real leak: the state comparison then reports it.
     */
    private static void awaitQuietSessions() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean moved = false;
        while (System.nanoTime() < deadline) {
            if (quietSessions()) {
                if (!moved) {
                    return;
                }
                Thread.sleep(100);
                if (quietSessions()) {
                    return;
                }
            }
            moved = true;
            Thread.sleep(20);
        }
    }

    private static boolean quietSessions() throws Exception {
        try (Statement statement = observer.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity a "
                     + "WHERE " + AttackDatabaseState.OTHER_CLIENTS + " AND (a.state IS DISTINCT FROM 'idle' "
                     + "OR EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid))")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    private static List<String> notifications() throws Exception {
        PGNotification[] received = observer.unwrap(PGConnection.class).getNotifications();
        List<String> names = new ArrayList<>();
        if (received != null) {
            for (PGNotification notification : received) {
                names.add(notification.getName() + ":" + notification.getParameter());
            }
        }
        return names;
    }

    private static void drainNotifications() throws Exception {
        try (Statement statement = observer.createStatement()) {
            statement.execute("SELECT 1");
        }
        notifications();
    }

    /**
     * Undoes what a successful attack (a hole) left behind, so that the remaining cases start from
     * the fixture's state: files, replication slots. Advisory locks of other sessions cannot be
     * released from here; the state comparison already reported them.
     */
    private static void cleanUp(AttackCase attack) throws Exception {
        for (Path file : attack.files()) {
            Files.deleteIfExists(file);
        }
        try (PreparedStatement drop = observer.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                + "FROM pg_replication_slots WHERE slot_name LIKE ? AND NOT active")) {
            drop.setString(1, AttackCatalog.SLOT_PREFIX + "%");
            drop.execute();
        }
    }
}
