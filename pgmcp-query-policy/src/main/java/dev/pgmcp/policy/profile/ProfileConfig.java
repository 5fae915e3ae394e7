package dev.pgmcp.policy.profile;

import dev.pgmcp.core.runtime.DurationText;
import dev.pgmcp.core.sql.SqlSyntaxException;
import dev.pgmcp.core.sql.StatementText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code profiles} section of the configuration file into {@link PolicyProfile}s,
 * validating every key and value once, at start-up:
 *
 * <pre>
 * profiles:
 *   analyst:
 *     schemas: {allow: [sales, public], deny: []}     # globs; deny wins over allow
 *     tables:  {deny: ["sales.secret_*"]}
 *     columns: {deny: ["*.password", "hr.employees.ssn"]}
 *     functions: {deny: [], allow: [], volatile: refuse, strict: false}
 *     limits: {max-joins: 8, max-subquery-depth: 4, max-cost: 1e7, max-rows: 1000,
 *              max-result-bytes: 262144, statement-timeout: 10s}
 *     query-patterns: {mode: off, allow: ["SELECT * FROM sales.orders WHERE id = $1"]}
 *     tools: [list_schemas, list_tables, describe_table, execute_select]
 *     role: pgmcp_analyst                             # SET LOCAL ROLE for every call
 * </pre>
 *
 * Unknown keys, malformed globs and bad values fail with a {@link ProfileConfigException} naming
 * the profile and the key. Names that match nothing in the database are checked later, once
 * connected ({@link ProfileCatalogCheck}).
 */
public final class ProfileConfig {

    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> PROFILE_KEYS = Set.of("schemas", "tables", "columns", "functions", "limits",
            "query-patterns", "tools", "role");
    private static final Set<String> RULE_KEYS = Set.of("allow", "deny");
    private static final Set<String> FUNCTION_KEYS = Set.of("allow", "deny", "volatile", "strict");
    private static final Set<String> LIMIT_KEYS = Set.of("max-joins", "max-subquery-depth", "max-cost", "max-rows",
            "max-result-bytes", "statement-timeout");
    private static final Set<String> PATTERN_KEYS = Set.of("mode", "allow");

    private ProfileConfig() {
    }

    /**
     * Parses the section; null or empty gives no profiles.
     *
     * @throws ProfileConfigException on the first problem found
     */
    public static Map<String, PolicyProfile> parse(JsonNode section) {
        Map<String, PolicyProfile> profiles = new LinkedHashMap<>();
        if (section == null || section.isNull() || section.isMissingNode()) {
            return profiles;
        }
        if (!section.isObject()) {
            throw new ProfileConfigException("'profiles' must be a mapping of profile names to profiles, like "
                    + "'profiles: {analyst: {tables: {deny: [\"hr.*\"]}}}'");
        }
        for (Map.Entry<String, JsonNode> entry : section.properties()) {
            String name = entry.getKey();
            if (!PROFILE_NAME.matcher(name).matches()) {
                throw new ProfileConfigException("policy profile name '" + name + "' is not valid; use letters, "
                        + "digits, '_', '-' and '.', at most 64 characters");
            }
            profiles.put(name, parseProfile(name, entry.getValue()));
        }
        return profiles;
    }

    private static PolicyProfile parseProfile(String name, JsonNode node) {
        Where where = new Where(name, "");
        if (node == null || node.isNull()) {
            node = tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        where.requireObject(node, PROFILE_KEYS);
        NameRules schemas = rules(node.get("schemas"), where.at("schemas"), 1, "a schema name or glob, like sales");
        NameRules tables = rules(node.get("tables"), where.at("tables"), 2,
                "table or schema.table, like sales.orders or \"sales.secret_*\"");
        NameRules columns = rules(node.get("columns"), where.at("columns"), 3,
                "column, table.column or schema.table.column, like \"*.password\" or hr.employees.ssn");
        FunctionRules functions = functions(node.get("functions"), where.at("functions"));
        ProfileLimits limits = limits(node.get("limits"), where.at("limits"));
        QueryPatterns patterns = patterns(node.get("query-patterns"), where.at("query-patterns"));
        List<String> tools = null;
        JsonNode toolsNode = node.get("tools");
        if (toolsNode != null && !toolsNode.isNull()) {
            tools = strings(toolsNode, where.at("tools"));
            if (new LinkedHashSet<>(tools).size() != tools.size()) {
                throw where.at("tools").error("lists a tool twice");
            }
        }
        return new PolicyProfile(name, schemas, tables, columns, functions, limits, patterns, tools,
                role(node.get("role"), where.at("role")));
    }

    /**
     * The role name, exactly as PostgreSQL stores it (case matters: it is always quoted). Names that
     * SET ROLE reads specially ({@code none}) or that name predefined roles ({@code pg_*}) are refused.
     */
    private static String role(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.asString().isBlank()) {
            throw where.error("must be the name of a PostgreSQL role, like pgmcp_analyst");
        }
        String role = node.asString();
        if (role.indexOf('\0') >= 0 || role.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 63
                || !role.equals(role.strip())) {
            throw where.error("'" + role.strip() + "' is not a valid role name: at most 63 bytes, no surrounding "
                    + "spaces");
        }
        String lower = role.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("pg_") || Set.of("none", "public", "current_user", "current_role", "session_user")
                .contains(lower)) {
            throw where.error("'" + role + "' cannot be a profile role: name a role created for this profile "
                    + "(pgmcp roles prints the SQL that creates one)");
        }
        return role;
    }

    private static NameRules rules(JsonNode node, Where where, int parts, String what) {
        if (node == null || node.isNull()) {
            return NameRules.NONE;
        }
        where.requireObject(node, RULE_KEYS);
        return new NameRules(globs(node.get("allow"), where.at("allow"), parts, what),
                globs(node.get("deny"), where.at("deny"), parts, what));
    }

    private static List<NameGlob> globs(JsonNode node, Where where, int parts, String what) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<NameGlob> globs = new ArrayList<>();
        List<String> texts = strings(node, where);
        for (int i = 0; i < texts.size(); i++) {
            try {
                globs.add(NameGlob.parse(texts.get(i), parts, what));
            } catch (IllegalArgumentException e) {
                throw where.index(i).error("is not a valid glob: " + e.getMessage());
            }
        }
        return globs;
    }

    private static FunctionRules functions(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return new FunctionRules(NameRules.NONE, true, false);
        }
        where.requireObject(node, FUNCTION_KEYS);
        String what = "function or schema.function, like pg_sleep or \"public.*\"";
        NameRules names = new NameRules(globs(node.get("allow"), where.at("allow"), 2, what),
                globs(node.get("deny"), where.at("deny"), 2, what));
        boolean refuseVolatile = true;
        JsonNode volatileNode = node.get("volatile");
        if (volatileNode != null && !volatileNode.isNull()) {
            String value = volatileNode.isString() ? volatileNode.asString() : volatileNode.toString();
            refuseVolatile = switch (value) {
                case "refuse" -> true;
                case "allow" -> false;
                default -> throw where.at("volatile").error("must be refuse or allow, was '" + value + "'");
            };
        }
        boolean strict = false;
        JsonNode strictNode = node.get("strict");
        if (strictNode != null && !strictNode.isNull()) {
            if (!strictNode.isBoolean()) {
                throw where.at("strict").error("must be true or false, was '" + strictNode.asString() + "'");
            }
            strict = strictNode.booleanValue();
            if (strict && names.allow().isEmpty()) {
                throw where.at("strict").error("is true but functions.allow is empty, so no function could run; "
                        + "list the allowed functions in functions.allow");
            }
        }
        return new FunctionRules(names, refuseVolatile, strict);
    }

    private static ProfileLimits limits(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return ProfileLimits.INHERIT;
        }
        where.requireObject(node, LIMIT_KEYS);
        Integer maxJoins = integer(node, "max-joins", where, 0, 1000);
        Integer maxDepth = integer(node, "max-subquery-depth", where, 0, 1000);
        Double maxCost = null;
        JsonNode cost = node.get("max-cost");
        if (cost != null && !cost.isNull()) {
            maxCost = number(cost, where.at("max-cost"));
            if (!(maxCost > 0) || maxCost.isInfinite()) {
                throw where.at("max-cost").error("must be a positive number, was " + cost.asString());
            }
        }
        Integer maxRows = integer(node, "max-rows", where, 1, 1_000_000);
        Long maxBytes = null;
        JsonNode bytes = node.get("max-result-bytes");
        if (bytes != null && !bytes.isNull()) {
            double value = number(bytes, where.at("max-result-bytes"));
            if (value != Math.rint(value) || value < 1024 || value > 1e12) {
                throw where.at("max-result-bytes").error("must be a whole number of bytes of at least 1024, was "
                        + bytes.asString());
            }
            maxBytes = (long) value;
        }
        Duration timeout = null;
        JsonNode timeoutNode = node.get("statement-timeout");
        if (timeoutNode != null && !timeoutNode.isNull()) {
            try {
                timeout = DurationText.parse(timeoutNode.asString());
            } catch (IllegalArgumentException e) {
                throw where.at("statement-timeout").error(e.getMessage());
            }
            if (timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw where.at("statement-timeout").error("must be between 1ms and 24 days, was "
                        + timeoutNode.asString());
            }
        }
        return new ProfileLimits(maxJoins, maxDepth, maxCost, maxRows, maxBytes, timeout);
    }

    private static QueryPatterns patterns(JsonNode node, Where where) {
        if (node == null || node.isNull()) {
            return QueryPatterns.OFF;
        }
        where.requireObject(node, PATTERN_KEYS);
        boolean enforce = false;
        JsonNode mode = node.get("mode");
        if (mode != null && !mode.isNull()) {
            // YAML 1.1 reads a bare off as the boolean false.
            String value = mode.isBoolean() ? (mode.booleanValue() ? "on" : "off") : mode.asString();
            enforce = switch (value) {
                case "off" -> false;
                case "enforce" -> true;
                default -> throw where.at("mode").error("must be off or enforce, was '" + value + "'");
            };
        }
        Set<String> shapes = new LinkedHashSet<>();
        JsonNode allow = node.get("allow");
        List<String> queries = allow == null || allow.isNull() ? List.of() : strings(allow, where.at("allow"));
        for (int i = 0; i < queries.size(); i++) {
            try {
                StatementText statement = StatementText.of(queries.get(i), true);
                if (statement.statementCount() != 1) {
                    throw where.at("allow").index(i).error("must be exactly one statement");
                }
                shapes.add(QueryShape.of(statement.tokens()));
            } catch (SqlSyntaxException e) {
                throw where.at("allow").index(i).error("is not valid SQL: " + e.getMessage());
            }
        }
        if (enforce && shapes.isEmpty()) {
            throw where.at("allow").error("is empty while mode is enforce, so no query could run; list the approved "
                    + "queries");
        }
        return new QueryPatterns(enforce, shapes);
    }

    private static Integer integer(JsonNode parent, String key, Where where, int min, int max) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || node.asLong() < min || node.asLong() > max) {
            throw where.at(key).error("must be a whole number from " + min + " to " + max + ", was '"
                    + (node.isString() ? node.asString() : node.toString()) + "'");
        }
        return node.asInt();
    }

    private static double number(JsonNode node, Where where) {
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isString()) {
            try {
                return Double.parseDouble(node.asString().strip());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw where.error("must be a number, was '" + (node.isString() ? node.asString() : node.toString()) + "'");
    }

    private static List<String> strings(JsonNode node, Where where) {
        if (!node.isArray()) {
            throw where.error("must be a list, like [a, b]");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isString() || item.asString().isBlank()) {
                throw where.index(i).error("must be a non-empty string");
            }
            values.add(item.asString().strip());
        }
        return values;
    }

    /** A position in the configuration, for messages: profile and dotted key. */
    private record Where(String profile, String key) {

        Where at(String child) {
            return new Where(profile, key.isEmpty() ? child : key + "." + child);
        }

        Where index(int i) {
            return new Where(profile, key + "[" + i + "]");
        }

        ProfileConfigException error(String problem) {
            return new ProfileConfigException("policy profile '" + profile + "': " + (key.isEmpty() ? "" : "key '"
                    + key + "' ") + problem);
        }

        void requireObject(JsonNode node, Set<String> keys) {
            if (!node.isObject()) {
                throw error("must be a mapping with the keys " + String.join(", ", sorted(keys)));
            }
            for (String child : node.propertyNames()) {
                if (!keys.contains(child)) {
                    throw new ProfileConfigException("policy profile '" + profile + "': unknown key '"
                            + (key.isEmpty() ? child : key + "." + child) + "'; known keys"
                            + (key.isEmpty() ? "" : " of '" + key + "'") + ": " + String.join(", ", sorted(keys)));
                }
            }
        }

        private static List<String> sorted(Set<String> keys) {
            return keys.stream().sorted().toList();
        }
    }
}
