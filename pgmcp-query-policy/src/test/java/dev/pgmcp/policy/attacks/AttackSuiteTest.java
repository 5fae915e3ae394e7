package dev.pgmcp.policy.attacks;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.SafeExecutor;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.policy.attacks.AttackCase.Caller;
import dev.pgmcp.policy.attacks.AttackCase.Outcome;
import dev.pgmcp.policy.attacks.AttackCase.Target;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.DefaultPolicy;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Attacks on the read-only guarantee, sent through {@link SafeExecutor#execute} as pgmcp_reader
 * and as the superuser (layers L0-L4 do not depend on grants, so the guarantee must hold for
 * both). With the hosts' default policy ({@link DefaultPolicy}) every attack must be refused before it
 * runs, so that the agent learns it was; with the core layers alone (no policy) it may also fail in
 * PostgreSQL or run without effect. Controls (reads that only look like attacks) must end as declared
 * in every setup. {@link AttackVerification} checks each attack: a separate superuser connection (the
 * observer) snapshots the database before and after and the snapshots must be equal, and the next call
 * through the same executor must behave normally and see the configured read-only session. The same
 * attacks and checks also run through the shaded stdio jar (pgmcp-server-stdio's {@code CorpusAndAttacksIT}).
 *
 * <p>The attacks are listed in {@link AttackCatalog}. A hole found there is kept as a failing case,
 * marked {@code // HOLE:}, until the main code is fixed; none is open now.
 */
class AttackSuiteTest {

    /** One connection per pool: the call after an attack uses the very session the attack ran in. */
    private static final PoolOptions ONE_CONNECTION =
            new PoolOptions(1, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(10));

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
        observer = AttackVerification.openObserver(db);
        for (PgmcpRuntime runtime : allRuntimes()) {
            BASELINES.put(runtime.executor(), AttackVerification.sessionState(Caller.of(runtime.executor())));
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
        AttackVerification.assumeExtension(attack, observer);
        SafeExecutor executor = (attack.usesShortTimeout() ? SHORT_TIMEOUT_RUNTIMES : RUNTIMES).get(setup).executor();
        String name = "[" + setup + "] " + attack;
        // With the default policy every attack must be refused before it runs, so the agent learns it was;
        // the core layers alone may also let it fail in PostgreSQL or run without effect.
        Set<Outcome> acceptable = setup.policy ? attack.acceptableWithDefaultPolicy(target) : attack.acceptable(target);
        AttackVerification.verify(name, target, attack, acceptable, Caller.of(executor), observer,
                executor.limits().statementTimeout(), BASELINES.get(executor));
    }
}
