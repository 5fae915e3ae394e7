package dev.pgmcp.core.credentials;

import java.util.Objects;

/** Always the same user name and password (possibly none), as from a URI, PGPASSWORD or .pgpass. */
public final class StaticCredentialProvider implements CredentialProvider {

    private final DatabaseCredentials credentials;
    private final String source;

    /**
     * @param username the role
     * @param password the password, or null for none
     * @param source   where the password came from, for logs ("PGPASSWORD", ".pgpass", ...)
     */
    public StaticCredentialProvider(String username, String password, String source) {
        this.credentials = new DatabaseCredentials(username, password, null);
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public DatabaseCredentials credentials() {
        return credentials;
    }

    @Override
    public String description() {
        return credentials.password() == null ? "no password" : "static password from " + source;
    }
}
