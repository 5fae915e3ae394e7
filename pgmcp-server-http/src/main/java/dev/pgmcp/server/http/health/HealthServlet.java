package dev.pgmcp.server.http.health;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.server.http.JsonResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}: the process is up (always 200). {@code /readyz}: 200 when the database answers
 * within {@value #CHECK_SECONDS} s and no call waits for a pooled connection, else 503 with the
 * reason; also 503 while shutting down.
 */
public final class HealthServlet extends HttpServlet {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HealthServlet.class);

    public static final String HEALTH_PATH = "/healthz";
    public static final String READY_PATH = "/readyz";
    static final int CHECK_SECONDS = 2;


    private final DatabasePool pool;
    private final BooleanSupplier stopping;
    private final ExecutorService checks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pgmcp-readiness");
        t.setDaemon(true);
        return t;
    });

    public HealthServlet(DatabasePool pool, BooleanSupplier stopping) {
        this.pool = pool;
        this.stopping = stopping;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        int status = 200;
        if (READY_PATH.equals(request.getServletPath())) {
            String problem = readinessProblem();
            body.put("status", problem == null ? "ready" : "unready");
            if (problem != null) {
                body.put("reason", problem);
                status = 503;
            }
            HikariPoolMXBean bean = poolBean();
            if (bean != null) {
                body.put("pool", Map.of("active", bean.getActiveConnections(), "idle", bean.getIdleConnections(),
                        "total", bean.getTotalConnections(), "waiting", bean.getThreadsAwaitingConnection()));
            }
        } else {
            body.put("status", "up");
        }
        response.setHeader("Cache-Control", "no-store");
        JsonResponses.write(response, status, body);
    }

    private String readinessProblem() {
        if (stopping.getAsBoolean()) {
            return "shutting down";
        }
        HikariPoolMXBean bean = poolBean();
        if (bean != null && bean.getThreadsAwaitingConnection() > 0) {
            return "connection pool exhausted: " + bean.getThreadsAwaitingConnection()
                    + " calls wait for a connection (--pool-size)";
        }
        Future<Boolean> check = checks.submit(() -> {
            try (Connection c = pool.borrow()) {
                return c.isValid(CHECK_SECONDS);
            }
        });
        try {
            return check.get(CHECK_SECONDS, TimeUnit.SECONDS) ? null : "database did not answer";
        } catch (TimeoutException e) {
            check.cancel(true);
            return "database did not answer within " + CHECK_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            // /readyz answers without authentication: the driver's message (host names, role names,
            // "password authentication failed for user ...") goes to the log, not to the prober.
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.warn("readiness check failed: {}", firstLine(cause.getMessage()));
            return "database unreachable (details in the server log)";
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        int nl = message.indexOf('\n');
        return nl >= 0 ? message.substring(0, nl) : message;
    }

    private HikariPoolMXBean poolBean() {
        return pool.dataSource() instanceof HikariDataSource hikari ? hikari.getHikariPoolMXBean() : null;
    }

    @Override
    public void destroy() {
        checks.shutdownNow();
    }
}
