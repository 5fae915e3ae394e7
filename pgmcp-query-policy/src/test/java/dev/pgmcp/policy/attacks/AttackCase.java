package dev.pgmcp.policy.attacks;

import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryException;
import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.execution.SafeExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One attack of {@link AttackSuiteTest}: the request sent to {@link SafeExecutor#execute}, the
 * outcomes that are acceptable, and any checks beyond the database-state snapshot that every
 * attack gets. Built fluently in {@link AttackCatalog}; not changed once the catalog is built.
 * Public, with the catalog, for the IT that sends the same attacks through the shaded stdio jar.
 */
public final class AttackCase {

    /** How a call ended. */
    public enum Outcome {
        /** pgmcp refused it before it ran ({@link QueryRefusedException}). */
        REFUSED,
        /** PostgreSQL reported an error ({@link QueryFailedException}); the transaction was rolled back. */
        FAILED,
        /** It returned rows; the snapshot shows whether it had an effect. */
        RAN_WITHOUT_EFFECT
    }

    /** The role the runtime under attack connects as. */
    public enum Target {
        /** {@code pgmcp_reader}: the intended, read-only role. */
        READER,
        /** The cluster's superuser, served with {@code allowPrivilegedRole(true)}. */
        SUPERUSER,
        /**
         * {@code pgmcp_owner}: the misconfigured role, not a superuser, with write grants, and the owner
         * of {@code owned.readings}, whose BRIN and GIN indexes it could change from a read-only transaction.
         */
        OWNER
    }

    /** An extra check on one attack; runs after the call, before the state comparison. */
    @FunctionalInterface
    public interface Check {
        void verify(AttackContext context) throws Exception;
    }

    /** How a suite sends a request to pgmcp: through a {@link SafeExecutor}, or through an MCP client. */
    @FunctionalInterface
    public interface Caller {
        AttackRun call(QueryRequest request) throws Exception;

        /** Calls {@code executor} directly. */
        static Caller of(SafeExecutor executor) {
            return request -> AttackRun.of(executor, request);
        }
    }

    /** What a check can look at; {@code caller} makes the next call as the suite does. */
    public record AttackContext(Target target, Caller caller, AttackRun run, Connection observer,
                                String description) {
    }

    /** The result of one call. Exactly one of result, refusal and failure is set. */
    public record AttackRun(Outcome outcome, QueryResult result, QueryRefusedException refusal,
                     QueryFailedException failure) {

        public static AttackRun of(SafeExecutor executor, QueryRequest request) {
            try {
                return new AttackRun(Outcome.RAN_WITHOUT_EFFECT, executor.execute(request), null, null);
            } catch (QueryRefusedException e) {
                return new AttackRun(Outcome.REFUSED, null, e, null);
            } catch (QueryFailedException e) {
                return new AttackRun(Outcome.FAILED, null, null, e);
            } catch (QueryException e) {
                throw new AssertionError("unexpected QueryException subtype: " + e, e);
            }
        }

        public String describe() {
            return switch (outcome) {
                case REFUSED -> "REFUSED [" + refusal.layer() + "/" + refusal.rule() + "] " + refusal.toAgentMessage();
                case FAILED -> "FAILED [" + failure.sqlState() + "] " + failure.getMessage();
                case RAN_WITHOUT_EFFECT -> "RAN " + result.rowCount() + " row(s): " + abbreviate(result.rows().toString());
            };
        }

        private static String abbreviate(String text) {
            return text.length() <= 200 ? text : text.substring(0, 200) + "...";
        }
    }

    static final Set<Outcome> ANY = EnumSet.allOf(Outcome.class);

    private final String category;
    private final String name;
    private final String sql;
    private List<Object> params = List.of();
    private Integer maxRows;
    private Set<Outcome> acceptable = EnumSet.of(Outcome.REFUSED);
    private final Map<Target, Set<Outcome>> acceptableFor = new EnumMap<>(Target.class);
    private Set<String> sqlStates = Set.of();
    private final Map<Target, Set<String>> sqlStatesFor = new EnumMap<>(Target.class);
    private Layer layer;
    private final List<Path> files = new ArrayList<>();
    private final Map<Target, String> skipReasons = new EnumMap<>(Target.class);
    private String extension;
    private boolean shortTimeout;
    private boolean control;
    private final List<Check> checks = new ArrayList<>();

    private AttackCase(String category, String name, String sql) {
        this.category = category;
        this.name = name;
        this.sql = sql;
    }

    static AttackCase attack(String category, String name, String sql) {
        return new AttackCase(category, name, sql);
    }

    /** Values for $1..$n; Arrays.asList so that null is allowed. */
    AttackCase params(Object... values) {
        this.params = Arrays.asList(values);
        return this;
    }

    AttackCase maxRows(int rows) {
        this.maxRows = rows;
        return this;
    }

    /** The acceptable outcomes for every target (default: REFUSED only). */
    AttackCase expect(Outcome first, Outcome... more) {
        this.acceptable = EnumSet.of(first, more);
        return this;
    }

    AttackCase expectAny() {
        this.acceptable = EnumSet.allOf(Outcome.class);
        return this;
    }

    /** Overrides the acceptable outcomes for one target. */
    AttackCase expectFor(Target target, Outcome first, Outcome... more) {
        acceptableFor.put(target, EnumSet.of(first, more));
        return this;
    }

    /** When the call FAILED, its SQLSTATE must be one of these. */
    AttackCase sqlStates(String... states) {
        this.sqlStates = Set.of(states);
        return this;
    }

    /** Overrides the SQLSTATEs acceptable for one target. */
    AttackCase sqlStatesFor(Target target, String... states) {
        sqlStatesFor.put(target, Set.of(states));
        return this;
    }

    /** When the call was REFUSED, it must be by this layer. */
    AttackCase layer(Layer expected) {
        this.layer = expected;
        return this;
    }

    /** A file the attack tries to create; it must not exist afterwards (and is removed if it does). */
    AttackCase file(Path path) {
        files.add(path);
        return this;
    }

    /** The attack calls functions of this extension; it is skipped (with a message) where the server lacks it. */
    AttackCase needsExtension(String name) {
        this.extension = name;
        return this;
    }

    String extension() {
        return extension;
    }

    AttackCase skipFor(Target target, String reason) {
        skipReasons.put(target, reason);
        return this;
    }

    /**
     * Marks a control: a request that only looks like an attack (a read, or injection text bound as a
     * parameter value) and must end as expected in every setup, the default policy included.
     */
    AttackCase control() {
        this.control = true;
        return this;
    }

    public boolean isControl() {
        return control;
    }

    /** Runs on the runtime whose statement timeout is 1 s. */
    AttackCase shortTimeout() {
        this.shortTimeout = true;
        return this;
    }

    AttackCase check(Check check) {
        checks.add(check);
        return this;
    }

    public QueryRequest request() {
        return new QueryRequest(sql, params, maxRows);
    }

    public String category() {
        return category;
    }

    public String name() {
        return name;
    }

    public String sql() {
        return sql;
    }

    /** The acceptable outcomes with the core layers alone. */
    public Set<Outcome> acceptable(Target target) {
        return acceptableFor.getOrDefault(target, acceptable);
    }

    /**
     * The acceptable outcomes under the hosts' default policy: every attack must be refused before it
     * runs, so that the agent learns it was; a control must end as declared.
     */
    public Set<Outcome> acceptableWithDefaultPolicy(Target target) {
        return control ? acceptable(target) : EnumSet.of(Outcome.REFUSED);
    }

    public Set<String> sqlStates(Target target) {
        return sqlStatesFor.getOrDefault(target, sqlStates);
    }

    public Layer layer() {
        return layer;
    }

    public List<Path> files() {
        return files;
    }

    public String skipReason(Target target) {
        return skipReasons.get(target);
    }

    public boolean usesShortTimeout() {
        return shortTimeout;
    }

    public List<Check> checks() {
        return checks;
    }

    /** The display name of the parameterized case. */
    @Override
    public String toString() {
        return category + ": " + name;
    }
}
