package dev.pgmcp.policy.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks, once connected, that every name in a profile's allow- and denylists matches something
 * that exists: a misspelt deny rule would otherwise hide nothing, silently.
 */
public final class ProfileCatalogCheck {

    private ProfileCatalogCheck() {
    }

    /** @throws ProfileConfigException naming, for each glob that matches nothing, the profile, the key and the glob */
    public static void check(PolicyProfile profile, PolicyCatalog catalog) {
        List<String> problems = problems(profile, catalog);
        if (!problems.isEmpty()) {
            throw new ProfileConfigException(problems);
        }
    }

    /** A message for each glob of the profile that matches nothing; empty when every one matches something. */
    public static List<String> problems(PolicyProfile profile, PolicyCatalog catalog) {
        List<String> problems = new ArrayList<>();
        check(problems, profile, "schemas", profile.schemas(), "schema", glob -> catalog.schemas().stream()
                .anyMatch(glob::matches));
        check(problems, profile, "tables", profile.tables(), "table or view", glob -> catalog.relations().stream()
                .anyMatch(r -> glob.matches(r.schema(), r.name())));
        check(problems, profile, "columns", profile.columns(), "column", glob -> catalog.relations().stream()
                .anyMatch(r -> r.columns().stream().anyMatch(c -> glob.matches(r.schema(), r.name(), c))));
        check(problems, profile, "functions", profile.functions().names(), "function", glob -> catalog.functionNames()
                .stream().anyMatch(f -> glob.matches(f[0], f[1])));
        return problems;
    }

    private interface Matcher {
        boolean matchesSomething(NameGlob glob);
    }

    private static void check(List<String> problems, PolicyProfile profile, String key, NameRules rules, String what,
                              Matcher matcher) {
        check(problems, profile, key + ".allow", rules.allow(), what, matcher);
        check(problems, profile, key + ".deny", rules.deny(), what, matcher);
    }

    private static void check(List<String> problems, PolicyProfile profile, String key, List<NameGlob> globs,
                              String what, Matcher matcher) {
        for (int i = 0; i < globs.size(); i++) {
            if (!matcher.matchesSomething(globs.get(i))) {
                problems.add("policy profile '" + profile.name() + "': key '" + key + "[" + i
                        + "]': \"" + globs.get(i) + "\" matches no " + what + " in the database; check the spelling "
                        + "(unquoted parts match ignoring case, \"quoted\" ones exactly) or remove it");
            }
        }
    }
}
