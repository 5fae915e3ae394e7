package dev.pgmcp.core.credentials;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user name and password for one new physical connection.
 *
 * @param username  database role to log in as
 * @param password  the password or token; null when the server needs none (trust, peer)
 * @param expiresAt when the password stops being accepted for new connections; null if never
 */
public record DatabaseCredentials(String username, String password, Instant expiresAt) {

    public DatabaseCredentials {
        Objects.requireNonNull(username, "username");
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseCredentials[username=" + username + ", password=" + (password == null ? "none" : "***")
                + (expiresAt == null ? "" : ", expiresAt=" + expiresAt) + "]";
    }
}
