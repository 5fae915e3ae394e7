package dev.pgmcp.server.http.jetty;

import dev.pgmcp.core.runtime.DurationText;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.server.http.HttpSettings;
import dev.pgmcp.server.http.health.HealthServlet;
import dev.pgmcp.server.http.limits.CallerConnectionLimitFilter;
import dev.pgmcp.server.http.limits.ConcurrencyLimitFilter;
import dev.pgmcp.server.http.mcp.McpEndpoint;
import dev.pgmcp.server.http.security.ErrorBodyFilter;
import dev.pgmcp.server.http.security.HostOriginFilter;
import dev.pgmcp.server.http.security.JsonRpcBodyFilter;
import dev.pgmcp.server.http.security.ProtocolVersionFilter;
import dev.pgmcp.server.http.security.SessionBindingFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.ee11.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * pgmcp on embedded Jetty: {@code /mcp} behind the Host/Origin check, caller-supplied filters such as
 * authentication, the per-caller connection bound, the session's owner check, the protocol-version
 * check and the concurrency limit, all before the body is read, then the body checks; {@code /healthz},
 * {@code /readyz}, and caller-supplied servlets (e.g. {@code /.well-known/...}). Every error body is
 * a short JSON-RPC error.
 *
 * <pre>{@code
 * PgmcpHttpServer server = PgmcpHttpServer.builder(settings, runtime, version)
 *         .filter(authFilter)                       // sets request attribute dev.pgmcp.profile
 *         .servlet("/.well-known/oauth-protected-resource", metadataServlet)
 *         .start();
 * }</pre>
 */
public final class PgmcpHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(PgmcpHttpServer.class);
    /** How long Jetty's own stop may wait for the exchanges left (after the calls drained or the timeout). */
    static final Duration JETTY_STOP_TIMEOUT = Duration.ofSeconds(2);

    private final HttpSettings settings;
    private final Server server;
    private final ServerConnector connector;
    private final McpEndpoint endpoint;
    private final ConcurrencyLimitFilter limit;
    private final ResponsesInFlight responses;

    private PgmcpHttpServer(HttpSettings settings, Server server, ServerConnector connector, McpEndpoint endpoint,
                            ConcurrencyLimitFilter limit, ResponsesInFlight responses) {
        this.settings = settings;
        this.server = server;
        this.connector = connector;
        this.endpoint = endpoint;
        this.limit = limit;
        this.responses = responses;
    }

    public static Builder builder(HttpSettings settings, PgmcpRuntime runtime, String version) {
        return new Builder(settings, runtime, version);
    }

    /** Builds the TLS context once, so that bad TLS files fail before anything else starts. */
    public static void checkTls(HttpSettings settings) {
        if (settings.tls() != null) {
            TlsKeyStores.sslContextFactory(settings.tls());
        }
    }

    /** The port actually listened on (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http(s)://host:port}. */
    public String baseUrl() {
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        return (settings.tls() != null ? "https" : "http") + "://" + host + ":" + port();
    }

    /** Waits until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /**
     * Graceful stop: stops accepting connections, refuses new calls with 503, waits up to
     * {@code timeout} in all for the calls in flight to finish and for their responses to be written
     * to the end, then closes the MCP sessions and Jetty (which then waits at most
     * {@link #JETTY_STOP_TIMEOUT} more). The caller closes the runtime (the connection pool) afterwards.
     *
     * @return true when every call in flight finished, its response complete, in time
     */
    public boolean stop(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            // Closes the listening socket: new connections are refused at once, so a load balancer
            // retries elsewhere; established connections stay open for the calls in flight.
            connector.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the listening socket failed", e);
        }
        boolean drained;
        try {
            // First the servlets return (the permits come back), then their responses complete: a
            // servlet's return is not the end of its response, which may still be buffered or streaming.
            drained = limit.drain(timeout)
                    && responses.awaitCompleted(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        try {
            endpoint.close();
        } catch (RuntimeException e) {
            LOG.debug("closing MCP sessions failed", e);
        }
        try {
            server.stop();
        } catch (Exception e) {
            LOG.debug("stopping Jetty failed", e);
        }
        return drained;
    }

    /** Collects filters and servlets; {@link #start()} binds the port. */
    public static final class Builder {
        private final HttpSettings settings;
        private final PgmcpRuntime runtime;
        private final String version;
        private final List<Filter> filters = new ArrayList<>();
        private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();

        private Builder(HttpSettings settings, PgmcpRuntime runtime, String version) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.runtime = Objects.requireNonNull(runtime, "runtime");
            this.version = Objects.requireNonNull(version, "version");
        }

        /**
         * Adds a filter on {@code /mcp} after the Host/Origin check and before the per-caller connection
         * bound, the session owner check, the concurrency limit, the body (size, JSON) checks and the
         * MCP servlet, e.g. authentication, so that it can refuse a request before its body is read.
         * It may set the request attributes {@link dev.pgmcp.server.http.RequestAttributes#PROFILE}
         * and {@link dev.pgmcp.server.http.RequestAttributes#CALLER_ID}.
         */
        public Builder filter(Filter filter) {
            filters.add(Objects.requireNonNull(filter, "filter"));
            return this;
        }

        /** Serves {@code servlet} at {@code pathSpec} (e.g. {@code /.well-known/oauth-protected-resource}). */
        public Builder servlet(String pathSpec, HttpServlet servlet) {
            servlets.put(Objects.requireNonNull(pathSpec, "pathSpec"), Objects.requireNonNull(servlet, "servlet"));
            return this;
        }

        /**
         * Binds the port and starts serving.
         *
         * @throws HttpStartException with a one-line reason when the port or TLS setup fails; nothing
         *                            is left running then
         */
        public PgmcpHttpServer start() {
            // Jetty's job queue stays unbounded (Jetty warns against bounding it); the concurrency
            // limit filter bounds the work instead.
            QueuedThreadPool threads = new QueuedThreadPool(settings.httpMaxThreads(),
                    Math.min(8, settings.httpMaxThreads()));
            threads.setName("pgmcp-http");
            threads.setDaemon(true);
            Server server = new Server(threads);
            server.setStopTimeout(JETTY_STOP_TIMEOUT.toMillis());
            server.setErrorHandler(new JsonErrorHandler());
            ServerConnector connector = connector(server);
            server.addConnector(connector);

            McpEndpoint endpoint = McpEndpoint.create(runtime, settings, version);
            ConcurrencyLimitFilter limit = new ConcurrencyLimitFilter(settings.maxConcurrentCalls());
            ServletContextHandler context = new ServletContextHandler("/", ServletContextHandler.NO_SESSIONS);
            EnumSet<DispatcherType> requests = EnumSet.of(DispatcherType.REQUEST);
            addFilter(context, new HostOriginFilter(settings), "/*", requests);
            // Everything that needs only the headers comes before the body is read: authentication,
            // the caller's connection bound, the session's owner and the call slot. So a refused
            // request costs no body read, and a slow body holds a slot that is bounded per caller
            // and in time (--request-body-timeout, --min-request-data-rate).
            for (Filter filter : filters) {
                addFilter(context, filter, McpEndpoint.PATH, requests);
            }
            addFilter(context, new CallerConnectionLimitFilter(settings.maxConnectionsPerCaller()), McpEndpoint.PATH,
                    requests);
            if (!settings.stateless()) {
                addFilter(context, new SessionBindingFilter(settings.sessionIdleTimeout()), McpEndpoint.PATH, requests);
            }
            addFilter(context, new ProtocolVersionFilter(endpoint.protocolVersions()), McpEndpoint.PATH, requests);
            addFilter(context, limit, McpEndpoint.PATH, requests);
            addFilter(context, new JsonRpcBodyFilter(settings.maxRequestBytes(), settings.requestBodyTimeout()),
                    McpEndpoint.PATH, requests);
            addFilter(context, endpoint.toolNameFilter(), McpEndpoint.PATH, requests);
            addFilter(context, new ErrorBodyFilter(), McpEndpoint.PATH, requests);
            addServlet(context, endpoint.servlet(), McpEndpoint.PATH);
            HealthServlet health = new HealthServlet(runtime.pool(), limit::closing);
            addServlet(context, health, HealthServlet.HEALTH_PATH);
            addServlet(context, health, HealthServlet.READY_PATH);
            servlets.forEach((path, servlet) -> addServlet(context, servlet, path));
            addServlet(context, new ErrorServlet(), ErrorServlet.PATH);
            ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
            errors.addErrorPage(ErrorPageErrorHandler.GLOBAL_ERROR_PAGE, ErrorServlet.PATH);
            errors.setShowStacks(false);
            context.setErrorHandler(errors);
            // A request reaches the filters (and may take a call slot) only once its body starts to arrive.
            // Outermost: a call counts until the last byte of its response is written (graceful stop).
            ResponsesInFlight responses = new ResponsesInFlight(new DispatchOnContentHandler(context));
            server.setHandler(responses);

            try {
                server.start();
            } catch (Exception e) {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // already failing
                }
                endpoint.close();
                throw new HttpStartException(describe(e), e);
            }
            PgmcpHttpServer started = new PgmcpHttpServer(settings, server, connector, endpoint, limit,
                    responses);
            LOG.info("pgmcp {} serving MCP at {}{} ({}; up to {} concurrent calls)",
                    version, started.baseUrl(), McpEndpoint.PATH,
                    settings.stateless() ? "stateless" : "sessions idle up to " + DurationText.format(settings.sessionIdleTimeout()),
                    settings.maxConcurrentCalls());
            if (!settings.loopback() && settings.allowedHosts().isEmpty()) {
                LOG.warn("listening beyond loopback without --allowed-hosts: any Host header is accepted");
            }
            return started;
        }

        private String describe(Exception e) {
            String where = settings.host() + ":" + settings.port();
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof BindException) {
                    return "cannot listen on " + where + ": " + cause.getMessage()
                            + " (is another server using the port? choose another with --listen)";
                }
                cause = cause.getCause();
            }
            return "cannot start the HTTP server on " + where + ": " + e.getMessage();
        }

        private ServerConnector connector(Server server) {
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            // A body slower than this rate is answered 408 and its connection closed.
            http.setMinRequestDataRate(settings.minRequestDataRate());
            ServerConnector connector;
            if (settings.tls() != null) {
                SslContextFactory.Server tls = TlsKeyStores.sslContextFactory(settings.tls());
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                secure.setSniHostCheck(false);
                http.addCustomizer(secure);
                connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                        new HttpConnectionFactory(http));
            } else {
                connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
            }
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            return connector;
        }

        private static void addFilter(ServletContextHandler context, Filter filter, String path,
                                      EnumSet<DispatcherType> types) {
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, path, types);
        }

        private static void addServlet(ServletContextHandler context, HttpServlet servlet, String path) {
            ServletHolder holder = new ServletHolder(servlet);
            holder.setAsyncSupported(true);
            context.addServlet(holder, path);
        }
    }
}
