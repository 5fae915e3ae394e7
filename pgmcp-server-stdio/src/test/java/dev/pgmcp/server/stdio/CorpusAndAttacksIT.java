package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.Layer;
import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.execution.QueryResult;
import dev.pgmcp.core.execution.ResultColumn;
import dev.pgmcp.policy.attacks.AttackCase;
import dev.pgmcp.policy.attacks.AttackCase.AttackRun;
import dev.pgmcp.policy.attacks.AttackCase.Caller;
import dev.pgmcp.policy.attacks.AttackCase.Outcome;
import dev.pgmcp.policy.attacks.AttackCase.Target;
import dev.pgmcp.policy.attacks.AttackCatalog;
import dev.pgmcp.policy.attacks.AttackDatabaseState;
import dev.pgmcp.policy.attacks.AttackVerification;
import dev.pgmcp.policy.attacks.PolicyAttackCatalog;
import dev.pgmcp.policy.corpus.AgentQueryCorpus;
import dev.pgmcp.policy.corpus.AgentQueryCorpus.CorpusQuery;
import dev.pgmcp.testing.ReaderConnection;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/**
 * The agent-query corpus and the attack suites of pgmcp-query-policy (shared through its test-jar),
 * sent through the shaded jar and the official MCP client, one client session per server setup. A
 * class that the shade configuration left out, or an Error that escapes the tool handler, shows up
 * here as a call without an answer; the module tests, which run on the module class path, cannot
 * see it.
 *
 * <ul>
 *   <li>Corpus: every query is answered and accepted under the default policy, as in
 *       {@code AgentQueryCorpusTest}.</li>
 *   <li>Attacks: each meets {@link AttackVerification}'s expectations for the default policy, as in
 *       {@code AttackSuiteTest}, as pgmcp_reader and as the superuser (served with
 *       {@code --allow-privileged-role}); one connection per server, so the next call runs in the session
 *       the attack ran in.</li>
 *   <li>Policy attacks: each is refused by the policy layer under its rule, as in
 *       {@code PolicyAttackSuiteTest}, and leaves the database unchanged.</li>
 * </ul>
 */
class CorpusAndAttacksIT {

    private static final Pattern REFUSAL = Pattern.compile("Refused by pgmcp \\((\\w+) layer, rule ([^)]+)\\): (.*)",
            Pattern.DOTALL);
    private static final Pattern FAILURE = Pattern.compile("PostgreSQL error (\\w{5}): (.*)", Pattern.DOTALL);
    /**
     * At the MCP boundary the input layer starts before the executor: the SDK checks the arguments
     * against the tool's JSON Schema ({@code max_rows} of at least 1), and the tool reads them
     * ({@code sql} present and not blank). Their refusals name the argument.
     */
    private static final Pattern ARGUMENTS = Pattern.compile(
            "(?:Tool \\(execute_select\\) input validation failed: .*|execute_select: argument '\\w+' .*)",
            Pattern.DOTALL);
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);
    /** The fixture's misconfigured role: write grants, owner of a table with BRIN and GIN indexes. */
    private static final String OWNER = "pgmcp_owner";
    private static final String OWNER_PASSWORD = "owner-secret-1";

    private static TestDatabase db;
    private static Connection observer;
    private static Path configDir;
    /** One session per setup, started when first needed. */
    private static final Map<String, Session> SESSIONS = new LinkedHashMap<>();

    /** A client session with one server setup, and what its sessions look like before any attack. */
    private record Session(OfficialClientSession client, Caller caller, Duration statementTimeout,
                           Map<String, String> baseline) {
    }

    @BeforeAll
    static void start() throws Exception {
        db = TestDatabase.get();
        observer = AttackVerification.openObserver(db);
        configDir = Files.createTempDirectory("pgmcp-corpus-it-");
    }

    @AfterAll
    static void stop() throws Exception {
        for (Session session : SESSIONS.values()) {
            session.client().close();
        }
        SESSIONS.clear();
        if (observer != null) {
            try (Statement statement = observer.createStatement()) {
                statement.execute(PolicyAttackCatalog.TEARDOWN_SQL);
            }
            observer.close();
        }
        if (configDir != null) {
            Files.deleteIfExists(configDir.resolve("pgmcp.yaml"));
            Files.deleteIfExists(configDir);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusQueryIsAnsweredAndAccepted() throws Exception {
        List<CorpusQuery> corpus = AgentQueryCorpus.load();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
        return corpus.stream().map(query -> dynamicTest("line " + query.line() + ": " + abbreviate(query.sql()), () -> {
            Session session = session("corpus", ReaderConnection.args(), ReaderConnection.env(), null);
            String label = "line " + query.line() + ": " + query.sql();
            JsonNode answer = session.client().call("execute_select", arguments(
                    new QueryRequest(query.sql(), query.params(), null)));
            assertThat(answer.path("protocolError").asBoolean()).as("%s got no tool result: %s", label,
                    answer.path("text").asString()).isFalse();
            assertThat(answer.path("isError").asBoolean()).as("%s was not accepted: %s", label,
                    answer.path("text").asString()).isFalse();
            assertThat(answer.path("structuredContent").path("analysis").asString()).as(label + ": analysis path")
                    .isIn("calcite", "postgres");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyAttackMeetsTheDefaultPolicyExpectations() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Target target : Target.values()) {
            for (AttackCase attack : AttackCatalog.all()) {
                String name = "[" + target + " through the stdio jar] " + attack;
                tests.add(dynamicTest(name, () -> {
                    String skip = attack.skipReason(target);
                    assumeTrue(skip == null, () -> "skipped as " + target + ": " + skip);
                    AttackVerification.assumeExtension(attack, observer);
                    String notJson = notJson(attack.request().params());
                    assumeTrue(notJson == null, () -> "not expressible in MCP: " + notJson);
                    Session session = attackSession(target, attack.usesShortTimeout());
                    AttackVerification.verify(name, target, attack, attack.acceptableWithDefaultPolicy(target),
                            session.caller(), observer, session.statementTimeout(), session.baseline());
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyPolicyAttackIsRefusedByItsRule() throws Exception {
        return PolicyAttackCatalog.all().stream().map(attack -> dynamicTest(attack.category() + ": " + attack.sql(),
                () -> {
                    Session session = policySession();
                    AttackDatabaseState before = AttackDatabaseState.capture(observer);
                    AttackRun run = session.caller().call(new QueryRequest(attack.sql(), List.of(), null));
                    assertThat(run.outcome()).as("%s must be refused: %s", attack.sql(), run.describe())
                            .isEqualTo(Outcome.REFUSED);
                    QueryRefusedException refusal = run.refusal();
                    assertThat(refusal.layer()).isEqualTo(Layer.POLICY);
                    assertThat(refusal.rule()).as(refusal.toAgentMessage()).isEqualTo(attack.rule());
                    assertThat(refusal.reason()).contains("policy '" + PolicyAttackCatalog.PROFILE + "'");
                    for (String hidden : PolicyAttackCatalog.HIDDEN_NAMES) {
                        assertThat(!PolicyAttackCatalog.namesWord(attack.sql(), hidden)
                                && PolicyAttackCatalog.namesWord(refusal.reason(), hidden))
                                .as("the answer to %s names %s: %s", attack.sql(), hidden, refusal.reason()).isFalse();
                    }
                    if (attack.hiddenName() != null) {
                        // An existence oracle: the same query about a missing object gets the same answer.
                        AttackRun missing = session.caller().call(new QueryRequest(attack.missingSql(), List.of(), null));
                        assertThat(missing.outcome()).as("%s: %s", attack.missingSql(), missing.describe())
                                .isEqualTo(Outcome.REFUSED);
                        assertThat(missing.refusal().rule()).isEqualTo(refusal.rule());
                        assertThat(missing.refusal().reason()).as("the answer to %s", attack.missingSql())
                                .isEqualTo(attack.expectedMissingAnswer(refusal.reason()));
                    }
                    assertThat(AttackDatabaseState.capture(observer).values()).as("database state after " + attack.sql())
                            .isEqualTo(before.values());
                }));
    }

    private static Session attackSession(Target target, boolean shortTimeout) throws Exception {
        List<String> args = new ArrayList<>(switch (target) {
            case READER -> ReaderConnection.args();
            case SUPERUSER -> List.of("--jdbc-url", db.superuserJdbcUrl(), "--allow-privileged-role");
            case OWNER -> List.of("--url", "postgresql://" + OWNER + "@" + db.host() + ":" + db.port() + "/"
                    + db.databaseName());
        });
        args.addAll(List.of("--pool-size", "1", "--log-level", "error"));
        if (shortTimeout) {
            args.addAll(List.of("--statement-timeout", SHORT_TIMEOUT.toSeconds() + "s"));
        }
        Map<String, String> env = switch (target) {
            case READER -> ReaderConnection.env();
            case OWNER -> Map.of("PGPASSWORD", OWNER_PASSWORD);
            case SUPERUSER -> Map.of();
        };
        return session(target + (shortTimeout ? " short timeout" : ""), args, env,
                shortTimeout ? SHORT_TIMEOUT : ExecutionLimits.DEFAULTS.statementTimeout());
    }

    private static Session policySession() throws Exception {
        Path config = configDir.resolve("pgmcp.yaml");
        if (!Files.exists(config)) {
            try (Statement statement = observer.createStatement()) {
                statement.execute(PolicyAttackCatalog.SETUP_SQL);
            }
            Files.writeString(config, "profiles:\n" + PolicyAttackCatalog.PROFILE_YAML.indent(2));
        }
        return session("policy profile", List.of("--jdbc-url", db.superuserJdbcUrl(), "--allow-privileged-role",
                "--config", config.toString(), "--profile", PolicyAttackCatalog.PROFILE, "--log-level", "error"),
                Map.of(), null);
    }

    /** The session of {@code key}, started with these arguments the first time. */
    private static Session session(String key, List<String> args, Map<String, String> env, Duration statementTimeout)
            throws Exception {
        Session existing = SESSIONS.get(key);
        if (existing != null) {
            return existing;
        }
        OfficialClientSession client = OfficialClientSession.start(args, env);
        assertThat(client.tools()).contains("execute_select");
        Caller caller = request -> toRun(client.call("execute_select", arguments(request)));
        Session session = new Session(client, caller, statementTimeout,
                statementTimeout == null ? Map.of() : AttackVerification.sessionState(caller));
        SESSIONS.put(key, session);
        return session;
    }

    private static Map<String, Object> arguments(QueryRequest request) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("sql", request.sql());
        if (!request.params().isEmpty()) {
            arguments.put("params", request.params());
        }
        if (request.maxRows() != null) {
            arguments.put("max_rows", request.maxRows());
        }
        return arguments;
    }

    /**
     * The answer as the executor's outcome: a result, pgmcp's refusal ("Refused by pgmcp (LAYER layer, rule
     * RULE): ..."), the refusal of a tool argument (input layer, see {@link #ARGUMENTS}) or PostgreSQL's
     * error ("PostgreSQL error SQLSTATE: ..."). Anything else, a call without a tool result or an internal
     * error included, fails the test.
     */
    private static AttackRun toRun(JsonNode answer) {
        String text = answer.path("text").asString();
        assertThat(answer.path("protocolError").asBoolean()).as("the call got no tool result: %s", text).isFalse();
        if (!answer.path("isError").asBoolean()) {
            JsonNode structured = answer.path("structuredContent");
            List<ResultColumn> columns = new ArrayList<>();
            structured.path("columns").forEach(c -> columns.add(new ResultColumn(c.path("name").asString(),
                    c.path("type").asString())));
            List<List<Object>> rows = new ArrayList<>();
            for (JsonNode row : structured.path("rows")) {
                List<Object> values = new ArrayList<>();
                row.forEach(value -> values.add(value.isNull() ? null : value.isValueNode() ? value.asString()
                        : value.toString()));
                rows.add(values);
            }
            return new AttackRun(Outcome.RAN_WITHOUT_EFFECT, new QueryResult(columns, rows,
                    structured.path("truncated").asBoolean(), structured.path("truncation_reason").asString(null),
                    0, structured.path("analysis").asString(null)), null, null);
        }
        Matcher refusal = REFUSAL.matcher(text);
        if (refusal.matches()) {
            Layer layer = Stream.of(Layer.values()).filter(l -> l.label().equals(refusal.group(1))).findFirst()
                    .orElseThrow(() -> new AssertionError("unknown layer in " + text));
            return new AttackRun(Outcome.REFUSED, null, new QueryRefusedException(layer, refusal.group(2),
                    refusal.group(3), ""), null);
        }
        if (ARGUMENTS.matcher(text).matches()) {
            return new AttackRun(Outcome.REFUSED, null, new QueryRefusedException(Layer.INPUT, "tool-arguments",
                    text, ""), null);
        }
        Matcher failure = FAILURE.matcher(text);
        if (failure.matches()) {
            return new AttackRun(Outcome.FAILED, null, null, new QueryFailedException(failure.group(1),
                    failure.group(2), null, null, 0));
        }
        throw new AssertionError("an error answer that is neither pgmcp's refusal nor PostgreSQL's error: " + text);
    }

    /** Why a parameter list cannot travel in JSON, or null when it can. */
    private static String notJson(List<Object> params) {
        for (Object value : params) {
            if (value != null && !(value instanceof String || value instanceof Number || value instanceof Boolean
                    || value instanceof Map || value instanceof List)) {
                return "a parameter of type " + value.getClass().getName() + " has no JSON form";
            }
        }
        return null;
    }

    private static String abbreviate(String sql) {
        String line = sql.replaceAll("\\s+", " ");
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }
}
