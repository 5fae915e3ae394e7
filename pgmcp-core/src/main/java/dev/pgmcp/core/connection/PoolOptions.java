package dev.pgmcp.core.connection;

import dev.pgmcp.core.runtime.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection pool sizing and timing.
 *
 * @param maximumSize        most physical connections open at once
 * @param connectionTimeout  how long a call waits for a free connection before failing
 * @param maxLifetime        when a connection is retired (choose for failover and revocation)
 * @param idleTimeout        when an idle connection above the minimum is closed
 */
public record PoolOptions(int maximumSize, Duration connectionTimeout, Duration maxLifetime, Duration idleTimeout) {

    /** Sizes suited to one stdio client: a few connections, fast failure. */
    public static final PoolOptions DEFAULTS =
            new PoolOptions(4, Duration.ofSeconds(10), Duration.ofMinutes(30), Duration.ofMinutes(10));

    public PoolOptions {
        Objects.requireNonNull(connectionTimeout, "connectionTimeout");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maximumSize < 1 || maximumSize > 1000) {
            throw new IllegalArgumentException("pool size must be between 1 and 1000, was " + maximumSize);
        }
        if (connectionTimeout.toMillis() < 250) {
            throw new IllegalArgumentException("connection timeout must be at least 250ms, was "
                    + DurationText.format(connectionTimeout));
        }
        if (maxLifetime.toMillis() < 30_000) {
            throw new IllegalArgumentException("max lifetime must be at least 30s, was " + DurationText.format(maxLifetime));
        }
    }
}
