package dev.pgmcp.policy.functions;

import java.util.Locale;

/** How pgmcp treats a built-in function. */
public enum FunctionClass {
    /** Reads only: runs. */
    READ,
    /** Reveals catalog objects (definitions, comments, sizes, privileges, other sessions), by name or OID:
     * refused in profiles that hide objects, allowed otherwise. */
    CATALOG,
    /** Acts outside the read-only transaction or runs SQL text pgmcp cannot check: refused unless allowed by name. */
    REFUSE;

    static FunctionClass parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
