package dev.pgmcp.server.http.auth;

/**
 * A request that is refused, with what the client is told: the HTTP status, the RFC 6750 error
 * code (null when the request carried no credential at all) and a description safe to show.
 */
final class AuthFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String scope;

    private AuthFailure(int status, String error, String description, String scope) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.scope = scope;
    }

    /** 401 without an error code: the request had no credential. */
    static AuthFailure missing(String description) {
        return new AuthFailure(401, null, description, null);
    }

    /** 400 invalid_request: the credential was sent in a way this server does not accept. */
    static AuthFailure badRequest(String description) {
        return new AuthFailure(400, "invalid_request", description, null);
    }

    /** 401 invalid_token: the credential is unknown, malformed, expired or not for this server. */
    static AuthFailure invalidToken(String description) {
        return new AuthFailure(401, "invalid_token", description, null);
    }

    /** 403 insufficient_scope: the token is valid but lacks {@code scope}. */
    static AuthFailure insufficientScope(String description, String scope) {
        return new AuthFailure(403, "insufficient_scope", description, scope);
    }

    /** 503 temporarily_unavailable: the issuer's keys cannot be fetched. */
    static AuthFailure unavailable(String description) {
        return new AuthFailure(503, "temporarily_unavailable", description, null);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String scope() {
        return scope;
    }

    String description() {
        return getMessage();
    }
}
