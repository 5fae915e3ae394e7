package dev.pgmcp.server.http.auth;

import java.util.Set;

/**
 * Who made a request, for logging and profile mapping. Holds no credential.
 *
 * @param name the API key's name, the JWT subject (or client id when the token has no subject),
 *     or {@code anonymous}
 * @param groups the groups from the JWT's groups claim; empty for API keys
 * @param scopes the JWT's scopes ({@code scope} or {@code scp}); empty for API keys
 * @param method how the caller was authenticated
 */
public record Caller(String name, Set<String> groups, Set<String> scopes, Method method) {

    /** How a caller was authenticated. */
    public enum Method {
        /** A static API key from the access section. */
        API_KEY,
        /** An OAuth 2.1 JWT access token. */
        OAUTH,
        /** Nobody: the server listens on loopback without an access section. */
        ANONYMOUS
    }

    /** The caller of a loopback server without an access section. */
    public static final Caller ANONYMOUS = new Caller("anonymous", Set.of(), Set.of(), Method.ANONYMOUS);

    public Caller {
        groups = Set.copyOf(groups);
        scopes = Set.copyOf(scopes);
    }

    /**
     * The caller's identity without any secret, e.g. {@code api-key:reporting-bot} or
     * {@code oauth:<subject>}: what sessions are bound to and connections are counted by.
     */
    public String id() {
        return switch (method) {
            case API_KEY -> "api-key:" + name;
            case OAUTH -> "oauth:" + name;
            case ANONYMOUS -> "anonymous";
        };
    }
}
