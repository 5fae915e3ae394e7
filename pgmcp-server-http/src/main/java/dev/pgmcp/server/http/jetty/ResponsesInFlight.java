package dev.pgmcp.server.http.jetty;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts the MCP calls (POST requests) whose response is not yet complete, at the level of Jetty's
 * own request callback, which succeeds only once the last byte of the response was written (or the
 * exchange failed). The concurrency limit's permit is released when the servlet returns, which can be
 * before its response has left the server (a buffered body, an SSE stream that ends asynchronously), so
 * a graceful stop waits here too before it closes the MCP endpoint and Jetty. Jetty's own
 * {@code GracefulHandler} would also wait for the long-lived GET streams of sessions, which end only
 * when the endpoint closes them.
 */
final class ResponsesInFlight extends Handler.Wrapper {

    private final Object lock = new Object();
    private int inFlight;

    ResponsesInFlight(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!"POST".equals(request.getMethod())) {
            return super.handle(request, response, callback);
        }
        increment();
        AtomicBoolean done = new AtomicBoolean();
        Runnable once = () -> {
            if (done.compareAndSet(false, true)) {
                decrement();
            }
        };
        Callback tracked = new Callback.Nested(callback) {
            @Override
            public void completed() {
                once.run();
            }
        };
        boolean handled = false;
        try {
            handled = super.handle(request, response, tracked);
            return handled;
        } finally {
            if (!handled) {
                once.run(); // not handled, or thrown: Jetty completes the original callback itself
            }
        }
    }

    /** Responses of calls not yet complete. */
    int count() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /**
     * Waits until every call's response is complete.
     *
     * @return true when they completed within {@code timeout}
     */
    boolean awaitCompleted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void increment() {
        synchronized (lock) {
            inFlight++;
        }
    }

    private void decrement() {
        synchronized (lock) {
            inFlight--;
            if (inFlight <= 0) {
                lock.notifyAll();
            }
        }
    }
}
