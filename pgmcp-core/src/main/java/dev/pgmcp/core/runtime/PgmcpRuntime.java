package dev.pgmcp.core.runtime;

import dev.pgmcp.core.audit.PrivilegeAudit;
import dev.pgmcp.core.audit.PrivilegeReport;
import dev.pgmcp.core.catalog.CatalogReader;
import dev.pgmcp.core.catalog.CatalogVisibility;
import dev.pgmcp.core.catalog.SchemaCatalog;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.DatabaseUnavailableException;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.credentials.CredentialProvider;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.execution.SafeExecutor;
import dev.pgmcp.core.policy.QueryPolicy;
import dev.pgmcp.core.query.QueryAnalyzer;
import dev.pgmcp.core.tools.DescribeTableTool;
import dev.pgmcp.core.tools.ExecuteSelectTool;
import dev.pgmcp.core.tools.ListSchemasTool;
import dev.pgmcp.core.tools.ListTablesTool;
import dev.pgmcp.core.tools.PgmcpTool;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a host needs, wired once: the pool, the start-up privilege audit, the catalog, the
 * safe executor and the tools. Both server hosts use it; so can an application that embeds pgmcp.
 *
 * <pre>{@code
 * try (PgmcpRuntime runtime = PgmcpRuntime.builder()
 *         .connection(ConnectionResolver.fromSystem().resolve("postgresql://reader@db/app"))
 *         .start()) {
 *     McpSyncServer server = PgmcpMcpServer.build(McpServer.sync(transport), runtime.tools(), "1.0");
 * }
 * }</pre>
 */
public final class PgmcpRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PgmcpRuntime.class);

    private final DatabasePool pool;
    private final PrivilegeReport privileges;
    private final SchemaCatalog catalog;
    private final SafeExecutor executor;
    /** The profile a caller gets when nothing names another. */
    public static final String DEFAULT_PROFILE = "default";

    private final Map<String, List<PgmcpTool>> toolsByProfile;
    private final Map<String, SafeExecutor> executorsByProfile;

    private PgmcpRuntime(DatabasePool pool, PrivilegeReport privileges, SchemaCatalog catalog,
                         Map<String, SafeExecutor> executorsByProfile, Map<String, List<PgmcpTool>> toolsByProfile) {
        this.pool = pool;
        this.privileges = privileges;
        this.catalog = catalog;
        this.executorsByProfile = Collections.unmodifiableMap(new LinkedHashMap<>(executorsByProfile));
        this.executor = executorsByProfile.get(DEFAULT_PROFILE);
        Map<String, List<PgmcpTool>> copy = new LinkedHashMap<>();
        toolsByProfile.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        this.toolsByProfile = Collections.unmodifiableMap(copy);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tools of the {@link #DEFAULT_PROFILE default profile}. */
    public List<PgmcpTool> tools() {
        return tools(DEFAULT_PROFILE);
    }

    /** The policy profiles this runtime serves, the default one first. */
    public Set<String> profileNames() {
        return toolsByProfile.keySet();
    }

    /**
     * The tools a caller with this policy profile may see and call.
     *
     * @throws IllegalArgumentException when there is no such profile
     */
    public List<PgmcpTool> tools(String profile) {
        List<PgmcpTool> tools = toolsByProfile.get(profile);
        if (tools == null) {
            throw new IllegalArgumentException("no policy profile named '" + profile + "'; known: "
                    + String.join(", ", toolsByProfile.keySet()));
        }
        return tools;
    }

    /** The executor of the {@link #DEFAULT_PROFILE default profile}. */
    public SafeExecutor executor() {
        return executor;
    }

    /**
     * The executor of a profile: its policy and limits over the shared pool.
     *
     * @throws IllegalArgumentException when there is no such profile
     */
    public SafeExecutor executor(String profile) {
        tools(profile);
        return executorsByProfile.get(profile);
    }

    public SchemaCatalog catalog() {
        return catalog;
    }

    public PrivilegeReport privileges() {
        return privileges;
    }

    public DatabasePool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Builds tools that need the runtime's executor. */
    @FunctionalInterface
    public interface ToolFactory {
        /** The tools, running their queries through {@code executor}. */
        List<PgmcpTool> create(SafeExecutor executor);
    }

    private static void checkUniqueNames(List<PgmcpTool> tools) {
        Set<String> names = new HashSet<>();
        for (PgmcpTool tool : tools) {
            if (!names.add(tool.definition().name())) {
                throw new IllegalArgumentException("two tools are named '" + tool.definition().name()
                        + "'; tool names must be unique");
            }
        }
    }

    /** Collects settings; {@link #start()} validates them and connects. */
    public static final class Builder {
        private ConnectionSettings connection;
        private CredentialProvider credentials;
        private ExecutionLimits limits = ExecutionLimits.DEFAULTS;
        private PoolOptions poolOptions = PoolOptions.DEFAULTS;
        private QueryPolicy policy = QueryPolicy.PERMIT_ALL;
        private Duration catalogTtl = Duration.ofMinutes(5);
        private int listTablesLimit = 500;
        private boolean allowPrivilegedRole;
        private boolean requireParsedSql;
        private final List<PgmcpTool> extraTools = new ArrayList<>();
        private RuntimeProfile.Factory profiles;
        private final List<ToolFactory> toolFactories = new ArrayList<>();

        private Builder() {
        }

        public Builder connection(ConnectionSettings connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /** Defaults to the password found with the connection settings. */
        public Builder credentials(CredentialProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        public Builder limits(ExecutionLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public Builder pool(PoolOptions poolOptions) {
            this.poolOptions = Objects.requireNonNull(poolOptions, "poolOptions");
            return this;
        }

        public Builder policy(QueryPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder catalogTtl(Duration catalogTtl) {
            if (catalogTtl.isNegative() || catalogTtl.isZero()) {
                throw new IllegalArgumentException("catalog TTL must be positive, was " + DurationText.format(catalogTtl));
            }
            this.catalogTtl = catalogTtl;
            return this;
        }

        public Builder listTablesLimit(int listTablesLimit) {
            if (listTablesLimit < 1 || listTablesLimit > 100_000) {
                throw new IllegalArgumentException("list_tables limit must be between 1 and 100000, was "
                        + listTablesLimit);
            }
            this.listTablesLimit = listTablesLimit;
            return this;
        }

        /** Serve even as a superuser or a role with side-effect memberships (not recommended). */
        public Builder allowPrivilegedRole(boolean allow) {
            this.allowPrivilegedRole = allow;
            return this;
        }

        /**
         * Policy profiles, built once connected. Without them, or when none is named
         * {@link PgmcpRuntime#DEFAULT_PROFILE}, the default profile has {@link #policy} and {@link #limits}
         * and every tool.
         */
        public Builder profiles(RuntimeProfile.Factory profiles) {
            this.profiles = Objects.requireNonNull(profiles, "profiles");
            return this;
        }

        /**
         * Refuse queries that pgmcp's SQL parser (Apache Calcite) cannot read, instead of checking them
         * through PostgreSQL's plan (default: false).
         */
        public Builder requireParsedSql(boolean require) {
            this.requireParsedSql = require;
            return this;
        }

        /** Offers another tool next to the built-in ones (to every profile whose tool list names it). */
        public Builder addTool(PgmcpTool tool) {
            extraTools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /**
         * Offers tools that run queries and so need the executor, for example query templates; the
         * factory is called at start, after the executor exists. A factory may fail the start with
         * an {@link IllegalArgumentException} that says what to fix.
         */
        public Builder addTools(ToolFactory factory) {
            toolFactories.add(Objects.requireNonNull(factory, "factory"));
            return this;
        }

        /**
         * Connects, audits the role and builds the tools.
         *
         * @throws DatabaseUnavailableException when the database cannot be reached or refuses the login
         * @throws UnsafeRoleException          when the role can do more than read and that is not allowed
         * @throws InvalidConfigurationException with every problem of the profiles and tools against the
         *         database (a name that matches nothing, a template that does not prepare)
         */
        public PgmcpRuntime start() {
            Objects.requireNonNull(connection, "connection settings are required");
            CredentialProvider provider = credentials != null ? credentials : connection.staticCredentials();
            DatabasePool pool = DatabasePool.open(connection, provider, poolOptions);
            try {
                PrivilegeReport report;
                try {
                    report = PrivilegeAudit.run(pool.dataSource());
                } catch (SQLException e) {
                    throw new DatabaseUnavailableException("cannot audit the role's privileges: " + e.getMessage(), e);
                }
                List<String> refusals = report.refusals();
                if (!refusals.isEmpty()) {
                    if (!allowPrivilegedRole) {
                        throw new UnsafeRoleException("refusing to serve: " + String.join("; ", refusals)
                                + ". Connect as a read-only role (see docs/role-setup.md), or pass "
                                + "--allow-privileged-role to accept the risk.");
                    }
                    LOG.warn("serving despite: {} (--allow-privileged-role)", String.join("; ", refusals));
                }
                report.warnings().forEach(LOG::warn);
                connection.messageBoundWarning().ifPresent(LOG::warn);
                LOG.info("connected to PostgreSQL {} as {} ({}, sslmode={})", report.serverVersion(),
                        connection.describe(), provider.description(), connection.sslMode());
                SchemaCatalog catalog = new SchemaCatalog(new CatalogReader(pool, limits.statementTimeout()), catalogTtl);
                // The catalog tools of a profile with a role read as that role, one catalog per role.
                Map<String, SchemaCatalog> catalogsByRole = new HashMap<>();
                Map<String, RuntimeProfile> byName = new LinkedHashMap<>();
                byName.put(DEFAULT_PROFILE, new RuntimeProfile(DEFAULT_PROFILE, policy, limits,
                        CatalogVisibility.ALL, null));
                // Every problem of the configuration against the database is collected, so that one
                // start (or one check) names them all.
                List<IllegalArgumentException> failures = new ArrayList<>();
                if (profiles != null) {
                    try {
                        for (RuntimeProfile profile : profiles.create(
                                new RuntimeProfile.Context(pool, catalog, policy, limits))) {
                            byName.put(profile.name(), profile);
                        }
                    } catch (IllegalArgumentException e) {
                        failures.add(e);
                    }
                }
                QueryAnalyzer analyzer = new QueryAnalyzer(catalog);
                Map<String, SafeExecutor> executors = new LinkedHashMap<>();
                Map<String, List<PgmcpTool>> tools = new LinkedHashMap<>();
                for (RuntimeProfile profile : byName.values()) {
                    SafeExecutor executor = new SafeExecutor(pool, profile.limits(), profile.policy(), analyzer,
                            requireParsedSql, profile.role());
                    executors.put(profile.name(), executor);
                    try {
                        SchemaCatalog toolCatalog = profile.role() == null ? catalog
                                : catalogsByRole.computeIfAbsent(profile.role(), role -> new SchemaCatalog(
                                        new CatalogReader(pool, limits.statementTimeout(), role), catalogTtl));
                        tools.put(profile.name(), toolsOf(profile, toolCatalog, executor));
                    } catch (IllegalArgumentException e) {
                        failures.add(e);
                    }
                }
                if (!failures.isEmpty()) {
                    throw combined(failures);
                }
                return new PgmcpRuntime(pool, report, catalog, executors, tools);
            } catch (RuntimeException e) {
                pool.close();
                throw e;
            }
        }

        /** The one failure as it was thrown, or one exception with the problems of all, each once. */
        private static IllegalArgumentException combined(List<IllegalArgumentException> failures) {
            Set<String> problems = new LinkedHashSet<>();
            for (IllegalArgumentException e : failures) {
                problems.addAll(e instanceof InvalidConfigurationException invalid ? invalid.problems()
                        : List.of(e.getMessage()));
            }
            IllegalArgumentException first = failures.get(0);
            Set<String> ofFirst = first instanceof InvalidConfigurationException invalid
                    ? new LinkedHashSet<>(invalid.problems()) : Set.of(first.getMessage());
            return problems.equals(ofFirst) ? first : new InvalidConfigurationException(List.copyOf(problems));
        }

        private List<PgmcpTool> toolsOf(RuntimeProfile profile, SchemaCatalog catalog, SafeExecutor executor) {
            List<PgmcpTool> all = new ArrayList<>(List.of(new ListSchemasTool(catalog, profile.visibility()),
                    new ListTablesTool(catalog, listTablesLimit, profile.visibility()),
                    new DescribeTableTool(catalog, profile.visibility()), new ExecuteSelectTool(executor)));
            all.addAll(extraTools);
            for (ToolFactory factory : toolFactories) {
                all.addAll(factory.create(executor));
            }
            checkUniqueNames(all);
            if (profile.tools() == null) {
                return all;
            }
            Map<String, PgmcpTool> byName = new LinkedHashMap<>();
            all.forEach(tool -> byName.put(tool.definition().name(), tool));
            List<PgmcpTool> chosen = new ArrayList<>();
            for (String name : profile.tools()) {
                PgmcpTool tool = byName.get(name);
                if (tool == null) {
                    throw new IllegalArgumentException("policy profile '" + profile.name() + "' lists the tool '"
                            + name + "', which does not exist; tools: " + String.join(", ", byName.keySet()));
                }
                chosen.add(tool);
            }
            return chosen;
        }
    }
}
