package dev.pgmcp.server.http.auth;

/**
 * Maps an OAuth caller to a policy profile when the caller has the given group, scope or
 * subject. Rules are tried in order; the first that matches wins.
 *
 * @param match what the rule looks at
 * @param value the group name, scope or subject to look for (exact, case-sensitive)
 * @param profile the policy profile the caller gets
 */
public record ProfileRule(Match match, String value, String profile) {

    /** What a rule compares. */
    public enum Match {
        GROUP("group"), SCOPE("scope"), SUBJECT("subject");

        private final String key;

        Match(String key) {
            this.key = key;
        }

        /** The key that names this kind of rule in the configuration file. */
        public String key() {
            return key;
        }
    }

    /** Whether the rule applies to {@code caller}. */
    public boolean matches(Caller caller) {
        return switch (match) {
            case GROUP -> caller.groups().contains(value);
            case SCOPE -> caller.scopes().contains(value);
            case SUBJECT -> caller.name().equals(value);
        };
    }
}
