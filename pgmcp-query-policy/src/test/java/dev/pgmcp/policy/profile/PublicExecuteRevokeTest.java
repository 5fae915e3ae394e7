package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.execution.QueryFailedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.core.runtime.RuntimeProfile;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Functions and the profile role, on a throwaway database (revoking from PUBLIC must not reach the
 * fixture that other tests read). PUBLIC may execute every new function, so before the set-up the
 * profile role runs a function its profile does not allow, and the start-up check warns. The SQL of
 * {@code roles --revoke-public-execute}, run twice, then lets PostgreSQL refuse every function the
 * profile does not allow, with pgmcp's own policy switched off, also a false IMMUTABLE wrapper that
 * the planner would fold, while the allowed ones still run.
 */
class PublicExecuteRevokeTest {

    private static final String DATABASE = "pgmcp_h4_public_execute";
    private static final String ROLE = "pgmcp_h4_fn";
    private static final String CONTROL = "pgmcp_h4_fn_control";
    private static final String NO_EXECUTE = "pgmcp_h4_fn_none";
    private static final String PERMISSION_DENIED = "42501";
    private static final String YAML = """
            profiles:
              fn:
                functions: {allow: [app.allowed_total, tablefunc.normal_rand]}
                role: %s
            """.formatted(ROLE);

    private static TestDatabase db;
    private static String url;
    private static boolean tablefunc;

    @BeforeAll
    static void createDatabase() throws Exception {
        db = TestDatabase.get();
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + DATABASE);
            for (String role : List.of(ROLE, CONTROL, NO_EXECUTE)) {
                st.execute("DO $$ BEGIN CREATE ROLE " + role + " NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; "
                        + "END $$");
            }
        }
        url = db.superuserJdbcUrl(DATABASE);
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_available_extensions WHERE name = 'tablefunc'")) {
                rs.next();
                tablefunc = rs.getInt(1) == 1;
            }
            if (tablefunc) {
                st.execute("CREATE EXTENSION tablefunc");
            }
            st.execute("""
                    CREATE SCHEMA app;
                    CREATE TABLE app.items (id int, price int);
                    INSERT INTO app.items VALUES (1, 10), (2, 32);
                    CREATE FUNCTION app.allowed_total() RETURNS bigint LANGUAGE sql STABLE
                        AS 'SELECT sum(price) FROM app.items';
                    CREATE FUNCTION app.refused_secret() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'secret' $$;
                    -- A false label: the planner folds it, so it would take the lock while pgmcp's EXPLAIN plans.
                    CREATE FUNCTION app.hold(k bigint) RETURNS boolean LANGUAGE sql IMMUTABLE
                        AS $$ SELECT pg_catalog.pg_try_advisory_lock(k) $$;
                    CREATE FUNCTION app.hold_private(k bigint) RETURNS boolean LANGUAGE sql IMMUTABLE
                        AS $$ SELECT pg_catalog.pg_try_advisory_lock(k) $$;
                    REVOKE EXECUTE ON FUNCTION app.hold_private(bigint) FROM PUBLIC;
                    CREATE FUNCTION app.owner_name() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
                        AS $$ SELECT current_user::text $$;
                    CREATE FUNCTION app.audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                    """);
            st.execute("GRANT USAGE ON SCHEMA app TO " + ROLE + ", " + CONTROL + ", " + NO_EXECUTE
                    + "; GRANT SELECT ON app.items TO " + ROLE + "; GRANT EXECUTE ON FUNCTION app.hold_private(bigint) TO "
                    + CONTROL);
        }
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        try (Connection c = db.superuserConnection(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            for (String role : List.of(ROLE, CONTROL, NO_EXECUTE)) {
                st.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    private static ConnectionSettings settings() {
        return new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x").resolveJdbcUrl(url);
    }

    /** pgmcp's own policy switched off (it permits every function), the role switch on; one connection. */
    private static PgmcpRuntime policyOff() {
        return PgmcpRuntime.builder().connection(settings()).allowPrivilegedRole(true)
                .pool(new PoolOptions(1, Duration.ofSeconds(30), PoolOptions.DEFAULTS.maxLifetime(),
                        PoolOptions.DEFAULTS.idleTimeout()))
                .profiles(context -> List.of(new RuntimeProfile("open", QueryPolicy.PERMIT_ALL,
                        context.defaultLimits(), CatalogVisibility.ALL, null, ROLE)))
                .start();
    }

    private static PgmcpRuntime enforced() {
        return PgmcpRuntime.builder().connection(settings()).allowPrivilegedRole(true)
                .profiles(new ProfileRuntimes(Yaml.profiles(YAML), 1e7)).start();
    }

    private static Object first(PgmcpRuntime runtime, String sql) throws Exception {
        return runtime.executor("open").execute(new QueryRequest(sql, List.of(), null)).rows().get(0).get(0);
    }

    private static String refusedByPostgres(PgmcpRuntime runtime, String sql) {
        Throwable outcome = catchThrowable(() -> runtime.executor("open").execute(new QueryRequest(sql, List.of(), null)));
        assertThat(outcome).as(sql).isInstanceOf(QueryFailedException.class);
        assertThat(((QueryFailedException) outcome).sqlState()).as(outcome.getMessage()).isEqualTo(PERMISSION_DENIED);
        return outcome.getMessage();
    }

    private static String script(boolean revokePublicExecute) throws Exception {
        try (DatabasePool pool = DatabasePool.open(settings(), settings().staticCredentials(), PoolOptions.DEFAULTS);
             Connection c = pool.borrow()) {
            try {
                return RoleSetup.sql(Yaml.profiles(YAML).values(), PolicyCatalog.load(pool), c, "postgres", DATABASE,
                        revokePublicExecute);
            } finally {
                c.rollback();
            }
        }
    }

    private static void run(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Optional<String> warning() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            return FunctionGrants.warning(Yaml.profiles(YAML).get("fn"), c);
        }
    }

    /** Every function privilege in the database, from the ACLs. */
    private static List<String> functionPrivileges() throws SQLException {
        List<String> held = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT p.oid::regprocedure || ' ' || coalesce(a.grantee::regrole::text, "
                     + "'PUBLIC') FROM pg_proc p, aclexplode(p.proacl) a WHERE p.oid >= 16384 ORDER BY 1")) {
            while (rs.next()) {
                held.add(rs.getString(1));
            }
        }
        return held;
    }

    private static int advisoryLocksHeld(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_locks "
                + "WHERE locktype = 'advisory' AND pid = pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theOptInRevocationLetsPostgresRefuseTheFunctionsTheProfileDoesNotAllow() throws Exception {
        // Before: PUBLIC may execute every function, so PostgreSQL does not back up the allowlist.
        try (PgmcpRuntime runtime = policyOff()) {
            assertThat(first(runtime, "SELECT app.refused_secret()")).isEqualTo("secret");
            assertThat(first(runtime, "SELECT current_user")).isEqualTo(ROLE);
        }
        String warned = warning().orElseThrow();
        assertThat(warned).startsWith("policy profile 'fn': role \"" + ROLE + "\" may execute ")
                .contains("user or extension function(s) that the profile does not allow (functions.allow)")
                .contains("app.refused_secret()").contains("--revoke-public-execute").contains("every role")
                .doesNotContain("app.allowed_total()").doesNotContain("app.audit()")
                .as("SECURITY DEFINER functions are the role check's refusal, not this warning")
                .doesNotContain("app.owner_name()");
        ProfileConfigException refused = catchThrowableOfType(ProfileConfigException.class, () -> enforced().close());
        assertThat(refused).as("a SECURITY DEFINER function PUBLIC may execute").isNotNull();
        assertThat(refused.getMessage()).contains("REVOKE EXECUTE ON FUNCTION app.owner_name() FROM PUBLIC");

        // Without the flag: the allowed functions are granted, PUBLIC keeps the rest, and the script says so.
        String plain = script(false);
        assertThat(plain).contains("GRANT EXECUTE ON FUNCTION app.allowed_total() TO \"" + ROLE + "\";")
                .contains("GRANT USAGE ON SCHEMA \"app\" TO \"" + ROLE + "\";")
                .contains("may be executed by every role (PUBLIC)").contains("--revoke-public-execute")
                .doesNotContain("\nREVOKE EXECUTE ON FUNCTION");
        run(plain);
        try (PgmcpRuntime runtime = policyOff()) {
            assertThat(first(runtime, "SELECT app.refused_secret()")).as("PUBLIC still may").isEqualTo("secret");
        }

        // With the flag, twice: the same privileges each time, and generating again gives the same SQL.
        String revoking = script(true);
        assertThat(revoking).contains("REVOKE EXECUTE ON FUNCTION app.refused_secret() FROM PUBLIC;")
                .contains("REVOKE EXECUTE ON FUNCTION app.hold(bigint) FROM PUBLIC;")
                .contains("REVOKE EXECUTE ON FUNCTION app.owner_name() FROM PUBLIC; -- SECURITY DEFINER")
                .contains("REVOKE EXECUTE ON FUNCTION app.allowed_total() FROM PUBLIC;")
                .contains("GRANT EXECUTE ON FUNCTION app.allowed_total() TO \"" + ROLE + "\";")
                .contains("affects EVERY role").doesNotContain("app.audit()")
                .doesNotContain("-- REVOKE EXECUTE ON FUNCTION app.owner_name()");
        run(revoking);
        List<String> afterFirst = functionPrivileges();
        run(revoking);
        assertThat(functionPrivileges()).as("a second run changes nothing").isEqualTo(afterFirst);
        assertThat(script(true)).as("and generating again gives the same SQL").isEqualTo(revoking);

        // After: PostgreSQL refuses what the profile does not allow, with pgmcp's policy off.
        assertThat(warning()).isEmpty();
        try (PgmcpRuntime runtime = policyOff()) {
            assertThat(refusedByPostgres(runtime, "SELECT app.refused_secret()")).contains("permission denied");
            // IMMUTABLE: pgmcp's EXPLAIN would fold it; PostgreSQL refuses it there already (see below).
            assertThat(refusedByPostgres(runtime, "SELECT app.hold(4242)")).contains("permission denied for function hold");
            assertThat(refusedByPostgres(runtime, "SELECT app.owner_name()")).contains("permission denied");
            assertThat(first(runtime, "SELECT app.allowed_total()")).isEqualTo(42L);
            if (tablefunc) {
                refusedByPostgres(runtime, "SELECT * FROM crosstab('SELECT ''a'', ''b'', ''c''') AS t(r text, c text)");
                assertThat(first(runtime, "SELECT count(*) FROM normal_rand(3, 0, 1)")).isEqualTo(3L);
            }
        }
        try (PgmcpRuntime runtime = enforced()) {
            assertThat(runtime.profileNames()).as("the role check accepts the role now").contains("fn");
        }
    }

    /**
     * Why a role without EXECUTE is enough, also for a function with a false IMMUTABLE label: the
     * planner's constant folding checks EXECUTE before it runs the function. With EXECUTE, EXPLAIN alone
     * takes the advisory lock, which outlives the rollback.
     */
    @Test
    void thePlannerChecksExecuteBeforeItFoldsAnImmutableFunction() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY; SET LOCAL ROLE " + CONTROL);
                st.execute("EXPLAIN SELECT app.hold_private(4343)");
            }
            c.rollback();
            assertThat(advisoryLocksHeld(c)).as("folded while planning, with EXECUTE").isEqualTo(1);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_unlock_all()");
            }
            c.commit();

            SQLException denied;
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION READ ONLY; SET LOCAL ROLE " + NO_EXECUTE);
                denied = catchThrowableOfType(SQLException.class, () -> st.execute("EXPLAIN SELECT app.hold_private(4343)"));
            }
            c.rollback();
            assertThat((Throwable) denied).isNotNull();
            assertThat(denied.getSQLState()).isEqualTo(PERMISSION_DENIED);
            assertThat(denied.getMessage()).contains("permission denied for function hold_private");
            assertThat(advisoryLocksHeld(c)).as("not run while planning, without EXECUTE").isZero();
        }
    }
}
