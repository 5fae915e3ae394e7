package dev.pgmcp.server.http.limits;

import dev.pgmcp.server.http.HttpErrors;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Back-pressure: at most {@code limit} MCP POST requests are served at once; one more is answered at
 * once with 503 and {@code Retry-After} instead of waiting in a queue that grows without bound.
 * GET (the long-lived SSE stream of a session) and DELETE do not count.
 */
public final class ConcurrencyLimitFilter extends HttpFilter {

    private static final Logger LOG = LoggerFactory.getLogger(ConcurrencyLimitFilter.class);
    static final String RETRY_AFTER_SECONDS = "1";

    private final int limit;
    private final Semaphore permits;
    private volatile boolean closing;

    public ConcurrencyLimitFilter(int limit) {
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (closing) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            HttpErrors.send(response, 503, HttpErrors.SERVER_ERROR,
                    "server shutting down; retry, another instance may answer");
            return;
        }
        if (!permits.tryAcquire()) {
            LOG.warn("busy: {} calls in flight, answered 503", limit);
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            HttpErrors.send(response, 503, HttpErrors.SERVER_ERROR, "server busy: " + limit
                    + " calls are in flight (--max-concurrent-calls); retry after " + RETRY_AFTER_SECONDS + " s");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }

    /**
     * Refuses new calls from now on and waits until the calls in flight have finished.
     *
     * @return true when they finished within {@code timeout}
     */
    public boolean drain(java.time.Duration timeout) throws InterruptedException {
        closing = true;
        boolean drained = permits.tryAcquire(limit, timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        if (drained) {
            permits.release(limit);
        }
        return drained;
    }

    public boolean closing() {
        return closing;
    }

    /** Calls being served now. */
    public int inFlight() {
        return limit - permits.availablePermits();
    }
}
