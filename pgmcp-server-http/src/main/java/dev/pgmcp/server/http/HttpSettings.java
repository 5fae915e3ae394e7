package dev.pgmcp.server.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The HTTP host's validated settings; build them with {@link HttpOptions#settings(int)} or directly.
 *
 * @param host              address to listen on
 * @param port              port to listen on (0 picks a free one)
 * @param stateless         serve without sessions, so that any instance can answer any request
 * @param sessionIdleTimeout sessions idle longer than this (and at most twice as long) are dropped
 * @param maxConcurrentCalls MCP POST requests served at once; more get 503 with Retry-After
 * @param handlerThreads    threads that run tool handlers (Reactor's bounded elastic scheduler)
 * @param httpMaxThreads    Jetty's thread pool size
 * @param maxRequestBytes   largest request body accepted; larger ones get 413
 * @param allowedOrigins    Origin values accepted besides loopback ones (when listening on loopback)
 * @param allowedHosts      Host names accepted besides loopback ones; empty beyond loopback = any
 * @param tls               TLS material, or null for plain HTTP
 * @param shutdownTimeout   how long in-flight calls may take to finish after SIGTERM
 * @param maxConnectionsPerCaller connections one caller may keep busy at once with a POST or DELETE
 *                          (a body being received, a call being served); more get 429. Callers are told apart by
 *                          identity, anonymous ones by remote address
 * @param minRequestDataRate slowest request body accepted, in bytes per second (0: no minimum)
 * @param requestBodyTimeout longest time a request body may take to arrive
 */
public record HttpSettings(String host, int port, boolean stateless, Duration sessionIdleTimeout,
                           int maxConcurrentCalls, int handlerThreads, int httpMaxThreads, int maxRequestBytes,
                           List<String> allowedOrigins, List<String> allowedHosts, Tls tls,
                           Duration shutdownTimeout, int maxConnectionsPerCaller, long minRequestDataRate,
                           Duration requestBodyTimeout) {

    /** Default of {@link #minRequestDataRate()}: 1 KiB/s, far below any real client. */
    public static final long DEFAULT_MIN_REQUEST_DATA_RATE = 1024;
    /** Default of {@link #requestBodyTimeout()}. */
    public static final Duration DEFAULT_REQUEST_BODY_TIMEOUT = Duration.ofSeconds(30);

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHosts = List.copyOf(allowedHosts);
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(requestBodyTimeout, "requestBodyTimeout");
        if (maxConnectionsPerCaller < 1) {
            throw new IllegalArgumentException("maxConnectionsPerCaller must be at least 1, was "
                    + maxConnectionsPerCaller);
        }
        if (minRequestDataRate < 0) {
            throw new IllegalArgumentException("minRequestDataRate must not be negative, was " + minRequestDataRate);
        }
        if (requestBodyTimeout.isZero() || requestBodyTimeout.isNegative()) {
            throw new IllegalArgumentException("requestBodyTimeout must be positive, was " + requestBodyTimeout);
        }
    }

    /** Settings with the default per-caller and request-body bounds. */
    public HttpSettings(String host, int port, boolean stateless, Duration sessionIdleTimeout, int maxConcurrentCalls,
                        int handlerThreads, int httpMaxThreads, int maxRequestBytes, List<String> allowedOrigins,
                        List<String> allowedHosts, Tls tls, Duration shutdownTimeout) {
        this(host, port, stateless, sessionIdleTimeout, maxConcurrentCalls, handlerThreads, httpMaxThreads,
                maxRequestBytes, allowedOrigins, allowedHosts, tls, shutdownTimeout,
                defaultConnectionsPerCaller(maxConcurrentCalls), DEFAULT_MIN_REQUEST_DATA_RATE,
                DEFAULT_REQUEST_BODY_TIMEOUT);
    }

    /**
     * Half the call slots, at least 4: one caller cannot take every slot, and still has a few calls
     * in flight.
     */
    public static int defaultConnectionsPerCaller(int maxConcurrentCalls) {
        return Math.max(4, maxConcurrentCalls / 2);
    }

    /** True when the server listens on a loopback address only. */
    public boolean loopback() {
        return isLoopbackName(host);
    }

    /** Whether a host name (without port) names this machine's loopback interface. */
    public static boolean isLoopbackName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return n.equals("localhost") || n.equals("::1") || n.equals("[::1]")
                || n.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    /**
     * Key and certificates for HTTPS: PEM files, or a PKCS#12/JKS key store.
     *
     * @param certificate  PEM certificate chain, or null
     * @param privateKey   PEM PKCS#8 private key, or null
     * @param keyStore     key store file, or null
     * @param keyStorePassword key store password (read from a file), or null
     */
    public record Tls(Path certificate, Path privateKey, Path keyStore, char[] keyStorePassword) {
    }
}
