package dev.pgmcp.policy.profile;

import java.util.List;
import java.util.Optional;

/**
 * An allowlist and a denylist of {@link NameGlob}s. A name is permitted when no deny glob matches
 * it and, if there is an allowlist, an allow glob does: deny wins over allow.
 */
public record NameRules(List<NameGlob> allow, List<NameGlob> deny) {

    /** No rules: everything is permitted. */
    public static final NameRules NONE = new NameRules(List.of(), List.of());

    public NameRules {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public boolean isEmpty() {
        return allow.isEmpty() && deny.isEmpty();
    }

    public boolean permits(String... names) {
        return deniedBy(names).isEmpty() && (allow.isEmpty() || allowedBy(names).isPresent());
    }

    /** The first deny glob that matches. */
    public Optional<NameGlob> deniedBy(String... names) {
        return deny.stream().filter(g -> g.matches(names)).findFirst();
    }

    /** The first allow glob that matches. */
    public Optional<NameGlob> allowedBy(String... names) {
        return allow.stream().filter(g -> g.matches(names)).findFirst();
    }

    /**
     * Whether a name known under several aliases (a partition and its root table) is permitted: no
     * alias is denied and, with an allowlist, some alias is allowed.
     */
    public boolean permitsAny(List<String[]> aliases) {
        if (aliases.stream().anyMatch(a -> deniedBy(a).isPresent())) {
            return false;
        }
        return allow.isEmpty() || aliases.stream().anyMatch(a -> allowedBy(a).isPresent());
    }

    /** Why a name known under several aliases is not permitted: the first deny glob that matches, else the allowlist. */
    public String reasonAny(List<String[]> aliases) {
        for (String[] alias : aliases) {
            Optional<NameGlob> denied = deniedBy(alias);
            if (denied.isPresent()) {
                return "denied by \"" + denied.get() + "\"";
            }
        }
        return "not in the allowlist " + allow.stream().map(NameGlob::text).toList();
    }
}
