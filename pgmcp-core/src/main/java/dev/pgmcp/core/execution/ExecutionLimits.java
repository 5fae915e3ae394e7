package dev.pgmcp.core.execution;

import dev.pgmcp.core.runtime.DurationText;
import java.time.Duration;
import java.util.Objects;

/**
 * Bounds on every query: PostgreSQL-side timeouts and result size. Validated on construction.
 *
 * @param statementTimeout        {@code statement_timeout} for each call
 * @param lockTimeout             {@code lock_timeout}: a query never waits long behind a migration's lock
 * @param idleInTransactionTimeout {@code idle_in_transaction_session_timeout}, a backstop if pgmcp stalls
 * @param defaultMaxRows          rows returned when the caller gives no {@code max_rows}
 * @param maxRowsCeiling          the most rows a caller may ask for
 * @param maxResultBytes          approximate size cap of a result as JSON
 * @param maxSqlLength            longest SQL text accepted, in characters
 * @param maxParameterBytes       largest single parameter value accepted, in UTF-8 bytes
 */
public record ExecutionLimits(Duration statementTimeout, Duration lockTimeout, Duration idleInTransactionTimeout,
                              int defaultMaxRows, int maxRowsCeiling, long maxResultBytes, int maxSqlLength,
                              int maxParameterBytes) {

    /** Defaults that suit an agent: short timeouts, results an agent can read in one go. */
    public static final ExecutionLimits DEFAULTS = new ExecutionLimits(Duration.ofSeconds(15), Duration.ofSeconds(1),
            Duration.ofSeconds(60), 200, 10_000, 262_144, 100_000, 1_048_576);

    public ExecutionLimits {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(idleInTransactionTimeout, "idleInTransactionTimeout");
        positive(statementTimeout, "statement timeout");
        positive(lockTimeout, "lock timeout");
        positive(idleInTransactionTimeout, "idle-in-transaction timeout");
        if (defaultMaxRows < 1) {
            throw new IllegalArgumentException("default max rows must be at least 1, was " + defaultMaxRows);
        }
        if (maxRowsCeiling < defaultMaxRows) {
            throw new IllegalArgumentException("max rows ceiling (" + maxRowsCeiling
                    + ") must not be below the default max rows (" + defaultMaxRows + ")");
        }
        if (maxRowsCeiling > 1_000_000) {
            throw new IllegalArgumentException("max rows ceiling must be at most 1000000, was " + maxRowsCeiling);
        }
        if (maxResultBytes < 1024) {
            throw new IllegalArgumentException("max result bytes must be at least 1024, was " + maxResultBytes);
        }
        if (maxSqlLength < 16) {
            throw new IllegalArgumentException("max SQL length must be at least 16, was " + maxSqlLength);
        }
        if (maxParameterBytes < 16) {
            throw new IllegalArgumentException("max parameter bytes must be at least 16, was " + maxParameterBytes);
        }
    }

    private static void positive(Duration value, String name) {
        if (value.isNegative() || value.isZero() || value.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be between 1ms and 24 days, was " + DurationText.format(value));
        }
    }
}
