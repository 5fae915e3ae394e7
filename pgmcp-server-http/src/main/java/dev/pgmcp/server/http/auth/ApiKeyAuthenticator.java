package dev.pgmcp.server.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;

/**
 * Finds the configured API key a presented key belongs to by comparing SHA-256 digests in
 * constant time; every configured key is compared, so timing reveals neither which nor how many.
 */
final class ApiKeyAuthenticator {

    private final List<ApiKey> keys;

    ApiKeyAuthenticator(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    boolean enabled() {
        return !keys.isEmpty();
    }

    Optional<ApiKey> find(String presented) {
        byte[] digest = sha256(presented);
        ApiKey found = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(digest, key.digest()) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
