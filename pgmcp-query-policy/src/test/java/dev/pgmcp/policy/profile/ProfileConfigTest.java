package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileConfigTest {

    @Test
    void readsEveryKey() {
        Map<String, PolicyProfile> profiles = Yaml.profiles("""
                profiles:
                  analyst:
                    schemas: {allow: [sales, public], deny: ['"Analytics"']}
                    tables: {deny: ["sales.secret_*"]}
                    columns: {deny: ["*.password", hr.employees.ssn]}
                    functions: {deny: [md5], allow: [random], volatile: allow, strict: false}
                    limits: {max-joins: 8, max-subquery-depth: 4, max-cost: 1e7, max-rows: 1000,
                             max-result-bytes: 262144, statement-timeout: 10s}
                    query-patterns: {mode: enforce, allow: ["SELECT * FROM sales.orders WHERE id = $1"]}
                    tools: [list_tables, execute_select]
                  empty:
                """);
        PolicyProfile analyst = profiles.get("analyst");
        assertThat(analyst.schemas().permits("sales")).isTrue();
        assertThat(analyst.schemas().permits("SALES")).as("unquoted globs ignore case").isTrue();
        assertThat(analyst.schemas().permits("hr")).as("not in the allowlist").isFalse();
        assertThat(analyst.tables().permits("sales", "secret_salaries")).isFalse();
        assertThat(analyst.tables().permits("sales", "orders")).isTrue();
        assertThat(analyst.columns().permits("any", "users", "password")).isFalse();
        assertThat(analyst.columns().permits("hr", "employees", "ssn")).isFalse();
        assertThat(analyst.columns().permits("hr", "employees", "name")).isTrue();
        assertThat(analyst.functions().refuseVolatile()).isFalse();
        assertThat(analyst.functions().allowed(null, "random")).isTrue();
        assertThat(analyst.functions().names().deniedBy(null, "md5")).isPresent();
        assertThat(analyst.limits()).isEqualTo(new ProfileLimits(8, 4, 1e7, 1000, 262144L, Duration.ofSeconds(10)));
        assertThat(analyst.queryPatterns().enforce()).isTrue();
        assertThat(analyst.queryPatterns().shapes()).containsExactly("select * from sales . orders where id = ?");
        assertThat(analyst.tools()).containsExactly("list_tables", "execute_select");

        PolicyProfile empty = profiles.get("empty");
        assertThat(empty.functions().refuseVolatile()).as("volatile functions are refused by default").isTrue();
        assertThat(empty.restrictsRelations()).isFalse();
        assertThat(empty.hidesColumns()).isFalse();
        assertThat(empty.tools()).isNull();
        assertThat(empty.limits()).isEqualTo(ProfileLimits.INHERIT);
    }

    @Test
    void quotedGlobPartsMatchExactly() {
        PolicyProfile p = Yaml.profiles("""
                profiles:
                  p: {tables: {deny: ['"Analytics"."PageViews"', '"Analytics".*']}}
                """).get("p");
        assertThat(p.tables().permits("Analytics", "PageViews")).isFalse();
        assertThat(p.tables().permits("analytics", "pageviews")).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "profiles: {analyst: {table: {deny: [x]}}}"
                + "|policy profile 'analyst': unknown key 'table'; known keys: columns, functions, limits, query-patterns, role, schemas, tables, tools",
        "profiles: {analyst: {tables: {denied: [x]}}}"
                + "|policy profile 'analyst': unknown key 'tables.denied'; known keys of 'tables': allow, deny",
        "profiles: {analyst: {limits: {max-join: 3}}}|unknown key 'limits.max-join'",
        "profiles: {analyst: {tables: {deny: ['sales.[ab]*']}}}"
                + "|policy profile 'analyst': key 'tables.deny[0]' is not a valid glob: \"sales.[ab]*\" contains '['",
        "profiles: {analyst: {tables: {deny: ['a.b.c']}}}|key 'tables.deny[0]' is not a valid glob: \"a.b.c\" has 3 parts",
        "profiles: {analyst: {schemas: {allow: ['sales..x']}}}|key 'schemas.allow[0]' is not a valid glob",
        "profiles: {analyst: {columns: {deny: ['\"hr.ssn']}}}|unterminated double quote",
        "profiles: {analyst: {tables: {deny: sales.orders}}}|key 'tables.deny' must be a list",
        "profiles: {analyst: {limits: {max-joins: -1}}}|key 'limits.max-joins' must be a whole number from 0 to 1000",
        "profiles: {analyst: {limits: {max-rows: many}}}|key 'limits.max-rows' must be a whole number",
        "profiles: {analyst: {limits: {max-cost: 0}}}|key 'limits.max-cost' must be a positive number",
        "profiles: {analyst: {limits: {max-result-bytes: 10}}}|key 'limits.max-result-bytes' must be a whole number of bytes",
        "profiles: {analyst: {limits: {statement-timeout: soon}}}|key 'limits.statement-timeout' 'soon' is not a duration",
        "profiles: {analyst: {functions: {volatile: maybe}}}|key 'functions.volatile' must be refuse or allow",
        "profiles: {analyst: {functions: {strict: true}}}|key 'functions.strict' is true but functions.allow is empty",
        "profiles: {analyst: {query-patterns: {mode: enforce}}}|key 'query-patterns.allow' is empty while mode is enforce",
        "profiles: {analyst: {query-patterns: {mode: sometimes}}}|key 'query-patterns.mode' must be off or enforce",
        "profiles: {analyst: {query-patterns: {allow: ['SELECT 1; SELECT 2']}}}|key 'query-patterns.allow[0]' must be exactly one statement",
        "profiles: {analyst: {query-patterns: {allow: ['SELECT ''x']}}}|key 'query-patterns.allow[0]' is not valid SQL",
        "profiles: {analyst: {tools: [a, a]}}|key 'tools' lists a tool twice",
        "profiles: {'bad name': {}}|policy profile name 'bad name' is not valid",
        "profiles: [a, b]|'profiles' must be a mapping",
    })
    void rejectsBadConfigurationNamingProfileAndKey(String yaml, String message) {
        assertThatThrownBy(() -> Yaml.profiles(yaml)).isInstanceOf(ProfileConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void noSectionMeansNoProfiles() {
        assertThat(ProfileConfig.parse(null)).isEmpty();
    }
}
