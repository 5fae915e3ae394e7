package dev.pgmcp.core.support;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.credentials.StaticCredentialProvider;
import dev.pgmcp.core.execution.ExecutionLimits;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;

/** Runtimes connected to the test database, for core's tests. */
public final class TestRuntimes {

    private TestRuntimes() {
    }

    /** Settings for the fixture database as {@code role}. */
    public static ConnectionSettings settings(String role) {
        TestDatabase db = TestDatabase.get();
        return new ConnectionResolver(Map.of(), Path.of("/nonexistent"), role)
                .resolve("postgresql://" + role + "@" + db.host() + ":" + db.port() + "/" + db.databaseName());
    }

    /** A runtime as the read-only role of the fixture. */
    public static PgmcpRuntime reader(ExecutionLimits limits) {
        return reader(limits, PoolOptions.DEFAULTS);
    }

    /** A runtime as the read-only role with these pool options, no policy (the core layers alone). */
    public static PgmcpRuntime reader(ExecutionLimits limits, PoolOptions pool) {
        TestDatabase db = TestDatabase.get();
        return PgmcpRuntime.builder()
                .connection(settings(db.readerUser()))
                .credentials(new StaticCredentialProvider(db.readerUser(), db.readerPassword(), "test"))
                .limits(limits)
                .pool(pool)
                .start();
    }

    public static PgmcpRuntime reader() {
        return reader(ExecutionLimits.DEFAULTS);
    }
}
