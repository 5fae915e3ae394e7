package dev.pgmcp.server.http.auth;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One configured API key: a name for logs, the SHA-256 of the key (the key itself is never
 * stored), and the policy profile its callers get.
 */
public final class ApiKey {

    private final String name;
    private final byte[] sha256;
    private final String profile;

    ApiKey(String name, byte[] sha256, String profile) {
        this.name = name;
        this.sha256 = sha256.clone();
        this.profile = profile;
    }

    public String name() {
        return name;
    }

    /** The SHA-256 of the key, as lower-case hex. */
    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    public String profile() {
        return profile;
    }

    byte[] digest() {
        return sha256.clone();
    }

    boolean sameDigest(ApiKey other) {
        return Arrays.equals(sha256, other.sha256);
    }

    @Override
    public String toString() {
        return "ApiKey[" + name + " -> " + profile + "]";
    }
}
