package dev.pgmcp.server.http.limits;

import dev.pgmcp.server.http.HttpErrors;
import dev.pgmcp.server.http.RequestAttributes;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code limit} connections busy per caller with a POST or DELETE: a request whose body is
 * being received or that is being served. One more from the same caller gets 429 with
 * {@code Retry-After} before its body is read, so one caller, however many connections it opens,
 * cannot take every call slot or hold the server's threads with slow bodies. Callers are told apart
 * by {@link RequestAttributes#CALLER_ID} (an API key's name, an OAuth subject), anonymous callers by
 * remote address. Runs after authentication, before the global concurrency limit.
 *
 * <p>A session's event stream (GET) is not counted: it holds no thread and no call slot, and a
 * client that vanishes without closing its streams would otherwise be locked out until the server
 * noticed. A call answered as a stream stays counted until its answer is complete.
 */
public final class CallerConnectionLimitFilter extends HttpFilter {

    private static final Logger LOG = LoggerFactory.getLogger(CallerConnectionLimitFilter.class);

    private final int limit;
    private final ConcurrentHashMap<String, AtomicInteger> busy = new ConcurrentHashMap<>();

    public CallerConnectionLimitFilter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("GET".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String caller = RequestAttributes.callerId(request).orElseGet(() -> "address:" + request.getRemoteAddr());
        if (!acquire(caller)) {
            LOG.warn("refused a request from caller {} at {}: {} connections busy (--max-connections-per-caller)",
                    caller, request.getRemoteAddr(), limit);
            response.setHeader("Retry-After", ConcurrencyLimitFilter.RETRY_AFTER_SECONDS);
            HttpErrors.send(response, 429, HttpErrors.SERVER_ERROR, "too many connections: this caller has " + limit
                    + " requests in progress (--max-connections-per-caller); retry when one has finished");
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                release(caller);
            }
        };
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            release.run();
            throw e;
        }
        if (request.isAsyncStarted()) {
            // An answer sent as a stream: the connection stays busy until it is complete.
            request.getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    release.run();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    release.run();
                }

                @Override
                public void onError(AsyncEvent event) {
                    release.run();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                    // keeps counting
                }
            });
        } else {
            release.run();
        }
    }

    private boolean acquire(String caller) {
        boolean[] acquired = {false};
        busy.compute(caller, (key, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < limit) {
                c.incrementAndGet();
                acquired[0] = true;
            }
            return c;
        });
        return acquired[0];
    }

    private void release(String caller) {
        busy.computeIfPresent(caller, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }
}
