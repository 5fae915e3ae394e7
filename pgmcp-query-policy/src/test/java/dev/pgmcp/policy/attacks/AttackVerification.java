package dev.pgmcp.policy.attacks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.policy.attacks.AttackCase.AttackContext;
import dev.pgmcp.policy.attacks.AttackCase.AttackRun;
import dev.pgmcp.policy.attacks.AttackCase.Caller;
import dev.pgmcp.policy.attacks.AttackCase.Check;
import dev.pgmcp.policy.attacks.AttackCase.Outcome;
import dev.pgmcp.policy.attacks.AttackCase.Target;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * What every attack of {@link AttackCatalog} must satisfy, wherever it is sent from: the outcome is
 * acceptable (and a refusal names the expected layer, a failure the expected SQLSTATE), the case's
 * own checks pass, a separate superuser connection (the observer) sees the database unchanged, and
 * the next call through the same session is a normal read-only call that sees the configured session.
 * {@link AttackSuiteTest} calls pgmcp's executor directly; pgmcp-server-stdio's
 * {@code CorpusAndAttacksIT} calls it through the shaded jar and the official MCP client.
 */
public final class AttackVerification {

    /** What a normal call sees of its session: settings, identity, session-level leftovers. */
    public static final String SESSION_STATE_SQL = "SELECT "
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

    private AttackVerification() {
    }

    /**
     * The observer: a superuser connection in autocommit, never used by pgmcp, listening on the
     * channels the attacks notify.
     */
    public static Connection openObserver(TestDatabase db) throws SQLException {
        Connection observer = db.superuserConnection();
        observer.setAutoCommit(true);
        try (Statement statement = observer.createStatement()) {
            statement.execute("LISTEN c");
            statement.execute("LISTEN pgmcp_attack");
        }
        return observer;
    }

    /**
     * Sends {@code attack} through {@code caller} and verifies it.
     *
     * @param name             how the failure messages name the attack and its setup
     * @param acceptable       the acceptable outcomes in this setup (see {@link AttackCase#acceptable} and
     *                         {@link AttackCase#acceptableWithDefaultPolicy})
     * @param statementTimeout the statement timeout the session is configured with
     * @param baseline         {@link #sessionState} of the session before any attack
     */
    public static void verify(String name, Target target, AttackCase attack, Set<Outcome> acceptable, Caller caller,
                              Connection observer, Duration statementTimeout, Map<String, String> baseline)
            throws Exception {
        for (Path file : attack.files()) {
            assertThat(file).as(name + ": file exists before the attack").doesNotExist();
        }
        drainNotifications(observer);
        awaitQuietSessions(observer);
        AttackDatabaseState before = AttackDatabaseState.capture(observer);
        try {
            AttackRun run = caller.call(attack.request());
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

            // 2. Case-specific checks (they may make calls, as the next call would).
            AttackContext context = new AttackContext(target, caller, run, observer, description);
            for (Check check : attack.checks()) {
                softly.check(() -> check.verify(context));
            }

            // 3. Nothing in the database changed.
            awaitQuietSessions(observer);
            AttackDatabaseState after = AttackDatabaseState.capture(observer);
            softly.assertThat(after.values()).as(description + ": database state after the attack")
                    .isEqualTo(before.values());
            softly.assertThat(after.get("prepared transactions")).as(description + ": pg_prepared_xacts")
                    .isEqualTo("0");
            softly.assertThat(after.get("advisory locks (anyone)")).as(description + ": advisory locks held")
                    .isEqualTo("0");
            softly.assertThat(notifications(observer)).as(description + ": notifications delivered to a listener").isEmpty();
            for (Path file : attack.files()) {
                softly.assertThat(file).as(description + ": file written by the server").doesNotExist();
            }

            // 4. The next call through the same session is a normal, read-only call.
            AttackRun next = caller.call(QueryRequest.of("SELECT 1 AS one"));
            softly.assertThat(next.outcome()).as(description + ": the next SELECT 1 (" + next.describe() + ")")
                    .isEqualTo(Outcome.RAN_WITHOUT_EFFECT);
            if (next.outcome() == Outcome.RAN_WITHOUT_EFFECT) {
                softly.assertThat(next.result().rows()).as(description + ": the next SELECT 1 rows").hasSize(1);
                softly.assertThat(String.valueOf(next.result().rows().get(0).get(0)))
                        .as(description + ": the next SELECT 1 value").isEqualTo("1");
            }
            Map<String, String> session = sessionState(caller);
            softly.assertThat(session.get("transaction_read_only")).as(description + ": transaction_read_only "
                    + "in the next call").isEqualTo("on");
            softly.assertThat(session.get("statement_timeout_ms")).as(description + ": statement_timeout in the "
                    + "next call").isEqualTo(String.valueOf(statementTimeout.toMillis()));
            softly.assertThat(session).as(description + ": session state seen by the next call")
                    .isEqualTo(baseline);
            awaitQuietSessions(observer);
            AttackDatabaseState afterNext = AttackDatabaseState.capture(observer);
            softly.assertThat(afterNext.get("prepared transactions"))
                    .as(description + ": pg_prepared_xacts after the next call").isEqualTo("0");
            softly.assertThat(afterNext.values()).as(description + ": database state after the next call")
                    .isEqualTo(before.values());

            softly.assertAll();
        } finally {
            cleanUp(observer, attack);
        }
    }

    /** The session as a normal call sees it; fails the test if that call does not run. */
    public static Map<String, String> sessionState(Caller caller) throws Exception {
        AttackRun run = caller.call(QueryRequest.of(SESSION_STATE_SQL));
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
    private static void awaitQuietSessions(Connection observer) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean moved = false;
        while (System.nanoTime() < deadline) {
            if (quietSessions(observer)) {
                if (!moved) {
                    return;
                }
                Thread.sleep(100);
                if (quietSessions(observer)) {
                    return;
                }
            }
            moved = true;
            Thread.sleep(20);
        }
    }

    private static boolean quietSessions(Connection observer) throws Exception {
        try (Statement statement = observer.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity a "
                     + "WHERE " + AttackDatabaseState.OTHER_CLIENTS + " AND (a.state IS DISTINCT FROM 'idle' "
                     + "OR EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid))")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    private static List<String> notifications(Connection observer) throws Exception {
        PGNotification[] received = observer.unwrap(PGConnection.class).getNotifications();
        List<String> names = new ArrayList<>();
        if (received != null) {
            for (PGNotification notification : received) {
                names.add(notification.getName() + ":" + notification.getParameter());
            }
        }
        return names;
    }

    private static void drainNotifications(Connection observer) throws Exception {
        try (Statement statement = observer.createStatement()) {
            statement.execute("SELECT 1");
        }
        notifications(observer);
    }

    /**
     * Undoes what a successful attack (a hole) left behind, so that the remaining cases start from
     * the fixture's state: files, replication slots. Advisory locks of other sessions cannot be
     * released from here; the state comparison already reported them.
     */
    private static void cleanUp(Connection observer, AttackCase attack) throws Exception {
        for (Path file : attack.files()) {
            Files.deleteIfExists(file);
        }
        try (PreparedStatement drop = observer.prepareStatement("SELECT pg_drop_replication_slot(slot_name) "
                + "FROM pg_replication_slots WHERE slot_name LIKE ? AND NOT active")) {
            drop.setString(1, AttackCatalog.SLOT_PREFIX + "%");
            drop.execute();
        }
    }

    /**
     * Skips {@code attack} when it needs an extension the test database lacks (a server given by
     * PGMCP_TEST_JDBC_URL may; the fixture installs each one where the server has it).
     */
    public static void assumeExtension(AttackCase attack, Connection observer) throws SQLException {
        if (attack.extension() == null) {
            return;
        }
        try (PreparedStatement query = observer.prepareStatement("SELECT 1 FROM pg_extension WHERE extname = ?")) {
            query.setString(1, attack.extension());
            try (ResultSet rs = query.executeQuery()) {
                Assumptions.assumeTrue(rs.next(), () -> "skipped: the extension " + attack.extension()
                        + " is not installed in the test database");
            }
        }
    }
}
