package dev.pgmcp.policy.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.execution.QueryRefusedException;
import dev.pgmcp.core.execution.QueryRequest;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.policy.profile.ProfileConfig;
import dev.pgmcp.policy.profile.ProfileRuntimes;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The corpus under a profile that hides objects by allowlist (every schema the corpus reads is
 * listed) and hides a column no corpus query reads: the text checks of such profiles (relation names
 * in FROM lists, row types, column-alias lists) must not refuse a realistic query. Only the catalog
 * reads, which every profile that hides objects refuses, may be refused.
 */
class ProfileCorpusTest {

    private static final Set<String> CATALOG_RULES = Set.of("denied-function", "catalog-relation");

    @Test
    void aProfileThatHidesOnlyUnreadObjectsRefusesNoOrdinaryCorpusQuery() throws Exception {
        TestDatabase db = TestDatabase.get();
        List<String> wrong = new ArrayList<>();
        try (PgmcpRuntime runtime = PgmcpRuntime.builder()
                .connection(new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "x")
                        .resolveJdbcUrl(db.superuserJdbcUrl()))
                .allowPrivilegedRole(true)
                .profiles(new ProfileRuntimes(ProfileConfig.parse(YAMLMapper.builder().build().readTree("""
                        allowlisted:
                          schemas: {allow: [public, sales, hr, '"Analytics"', owned, pg_catalog, information_schema]}
                          tables: {allow: ['*.*']}
                          columns: {deny: [hr.employees.ssn]}
                          functions: {volatile: allow}
                        """)), 1e9)).start()) {
            List<AgentQueryCorpus.CorpusQuery> corpus = AgentQueryCorpus.load();
            assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
            for (AgentQueryCorpus.CorpusQuery query : corpus) {
                try {
                    runtime.executor("allowlisted").execute(new QueryRequest(query.sql(), query.params(), null));
                } catch (QueryRefusedException e) {
                    if (!CATALOG_RULES.contains(e.rule())) {
                        wrong.add("line " + query.line() + ": " + query.sql() + " -> " + e.toAgentMessage());
                    }
                }
            }
        }
        assertThat(wrong).as("corpus queries refused by the profile's text or plan checks").isEmpty();
    }
}
