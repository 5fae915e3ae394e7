package dev.pgmcp.server.common;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import java.nio.file.Path;
import java.util.Map;

/** Facts about a connection string as the user wrote it, read with the resolver that serving uses. */
final class ConnectionStrings {

    /** Resolves a string alone: no PG* variables, no ~/.pgpass, so that a password found is the string's own. */
    private static final ConnectionResolver BARE = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "pgmcp");

    private ConnectionStrings() {
    }

    /**
     * Whether the string itself holds a password: {@code postgresql://u:secret@h/db},
     * {@code password=secret} in key=value form or in the URI's query, {@code password=} in a JDBC URL.
     */
    static boolean hasPassword(String value, boolean jdbcUrl) {
        try {
            ConnectionSettings settings = jdbcUrl ? BARE.resolveJdbcUrl(value) : BARE.resolve(value);
            return settings.password() != null && !settings.password().isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
