package dev.pgmcp.auth;

import dev.pgmcp.core.credentials.CredentialException;
import dev.pgmcp.core.credentials.CredentialProvider;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A credential provider that fetches credentials, keeps them until a subclass-chosen instant, and
 * fetches again after that or after {@link #invalidate()}. Fetches are serialised; the pool keeps
 * serving on its existing connections meanwhile. Refreshes and failures are logged, without
 * secrets, and counted.
 */
public abstract class RefreshingCredentialProvider implements CredentialProvider {

    private static final Logger LOG = LoggerFactory.getLogger(RefreshingCredentialProvider.class);

    /** Fetched credentials and the instant after which they are fetched again. */
    protected record Fetched(DatabaseCredentials credentials, Instant refreshAfter) {
        public Fetched {
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(refreshAfter, "refreshAfter");
        }
    }

    private final Clock clock;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong invalidations = new AtomicLong();
    private Fetched current;

    protected RefreshingCredentialProvider(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Fetches fresh credentials.
     *
     * @param now the provider's clock
     * @throws CredentialException with a message that names the cause and contains no secret
     */
    protected abstract Fetched fetch(Instant now);

    @Override
    public final synchronized DatabaseCredentials credentials() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(current.refreshAfter())) {
            return current.credentials();
        }
        try {
            current = fetch(now);
        } catch (CredentialException e) {
            failures.incrementAndGet();
            LOG.warn("could not refresh credentials from {}: {}", description(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            LOG.warn("could not refresh credentials from {}: {}", description(), e.toString());
            throw new CredentialException(description() + ": " + e.getMessage(), e);
        }
        refreshes.incrementAndGet();
        LOG.info("fetched credentials from {} for role {}; next refresh after {}", description(),
                current.credentials().username(), current.refreshAfter());
        return current.credentials();
    }

    @Override
    public final synchronized void invalidate() {
        invalidations.incrementAndGet();
        current = null;
        LOG.info("credentials from {} invalidated; the next connection fetches new ones", description());
    }

    /** Credentials fetched so far. */
    public long refreshCount() {
        return refreshes.get();
    }

    /** Fetches that failed. */
    public long failureCount() {
        return failures.get();
    }

    /** Times the cached credentials were thrown away, usually after the server rejected them. */
    public long invalidationCount() {
        return invalidations.get();
    }

    protected Clock clock() {
        return clock;
    }
}
