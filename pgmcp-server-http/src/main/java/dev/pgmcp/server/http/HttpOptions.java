package dev.pgmcp.server.http;

import dev.pgmcp.server.common.ConfigurationException;
import dev.pgmcp.server.common.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/**
 * The HTTP host's own options, on the command line or as keys of the configuration file. The
 * three pools are sized together: by default {@code --max-concurrent-calls} is twice the database
 * pool, the handler threads equal it, and Jetty gets {@value #JETTY_SPARE_THREADS} threads more
 * for acceptors, selectors, health probes and streams.
 */
public final class HttpOptions {

    /** Jetty threads beyond the concurrent calls: acceptor, selectors, probes, SSE and error dispatches. */
    static final int JETTY_SPARE_THREADS = 16;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Address and port to serve on; 0.0.0.0:8080 for all interfaces, which requires an 'access' "
                    + "section in --config (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--stateless", defaultValue = "false",
            description = "Serve without sessions, so that any instance behind a round-robin load balancer can "
                    + "answer any request (no server-to-client notifications).")
    boolean stateless;

    @Option(names = "--session-idle-timeout", paramLabel = "DURATION", defaultValue = "30min",
            converter = Durations.class,
            description = "Drop sessions idle this long (after up to twice as long) (default: ${DEFAULT-VALUE}).")
    Duration sessionIdleTimeout;

    @Option(names = "--max-concurrent-calls", paramLabel = "N",
            description = "MCP requests served at once; beyond it the server answers 503 with Retry-After "
                    + "(default: twice --pool-size).")
    Integer maxConcurrentCalls;

    @Option(names = "--handler-threads", paramLabel = "N",
            description = "Threads running tool calls (default: --max-concurrent-calls).")
    Integer handlerThreads;

    @Option(names = "--http-max-threads", paramLabel = "N",
            description = "Jetty's thread pool size (default: --max-concurrent-calls + " + JETTY_SPARE_THREADS + ").")
    Integer httpMaxThreads;

    @Option(names = "--max-request-bytes", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body accepted; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    int maxRequestBytes;

    @Option(names = "--allowed-origins", paramLabel = "ORIGIN", split = ",",
            description = "Origin values browsers may send, e.g. https://app.example.com. On loopback, "
                    + "loopback origins are always allowed; requests without Origin are not affected.")
    List<String> allowedOrigins;

    @Option(names = "--allowed-hosts", paramLabel = "HOST", split = ",",
            description = "Host header names accepted, e.g. mcp.example.com. On loopback, loopback names are "
                    + "always allowed; beyond loopback, any Host is accepted when none is given.")
    List<String> allowedHosts;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain for HTTPS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) for HTTPS.")
    Path tlsKey;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS#12 or JKS key store for HTTPS.")
    Path tlsKeystore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE",
            description = "File holding the key store password.")
    Path tlsKeystorePasswordFile;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "30s", converter = Durations.class,
            description = "On SIGTERM, how long in-flight calls may take to finish (default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    @Option(names = "--max-connections-per-caller", paramLabel = "N",
            description = "Connections one caller (API key, OAuth subject, or remote address when anonymous) may "
                    + "keep busy at once with a POST or DELETE (a body being received, a call being served); more get 429 "
                    + "(default: half --max-concurrent-calls, at least 4).")
    Integer maxConnectionsPerCaller;

    @Option(names = "--min-request-data-rate", paramLabel = "BYTES_PER_SECOND", defaultValue = "1024",
            description = "Slowest request body accepted; a slower one is cut off with 408; 0 for no minimum "
                    + "(default: ${DEFAULT-VALUE}).")
    long minRequestDataRate;

    @Option(names = "--request-body-timeout", paramLabel = "DURATION", defaultValue = "30s",
            converter = Durations.class,
            description = "Longest time a request body may take to arrive; then the connection is closed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration requestBodyTimeout;

    /** How the current validation names an option (see {@link #settings(int, UnaryOperator)}). */
    private UnaryOperator<String> setting = UnaryOperator.identity();

    /**
     * Validates the options into settings.
     *
     * @param poolSize the database pool size (--pool-size), which the derived defaults follow
     * @throws ConfigurationException naming the option at fault
     */
    public HttpSettings settings(int poolSize) {
        return settings(poolSize, UnaryOperator.identity());
    }

    /**
     * Validates the options into settings.
     *
     * @param poolSize the database pool size (--pool-size), which the derived defaults follow
     * @param setting  how an error names an option: the option, or the configuration file and key
     *                 it came from ({@code ServerOptions::setting})
     * @throws ConfigurationException naming the setting at fault
     */
    public HttpSettings settings(int poolSize, UnaryOperator<String> setting) {
        this.setting = setting;
        int colon = listen.lastIndexOf(':');
        if (colon <= 0 || colon == listen.length() - 1) {
            throw new ConfigurationException(setting.apply("--listen") + ": invalid value \"" + listen
                    + "\"; write HOST:PORT, e.g. 127.0.0.1:8080");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(setting.apply("--listen") + ": invalid port in \"" + listen
                    + "\"; expected 0 to 65535");
        }
        int calls = positive("--max-concurrent-calls", maxConcurrentCalls, 2 * poolSize);
        int handlers = positive("--handler-threads", handlerThreads, calls);
        int jetty = positive("--http-max-threads", httpMaxThreads, calls + JETTY_SPARE_THREADS);
        if (jetty < calls + 8) {
            throw new ConfigurationException(setting.apply("--http-max-threads") + ": " + jetty + " is too small for "
                    + calls + " concurrent calls (--max-concurrent-calls); give at least " + (calls + 8));
        }
        if (maxRequestBytes < 1024) {
            throw new ConfigurationException(setting.apply("--max-request-bytes") + ": must be at least 1024, was "
                    + maxRequestBytes);
        }
        requirePositive("--session-idle-timeout", sessionIdleTimeout);
        requirePositive("--shutdown-timeout", shutdownTimeout);
        int perCaller = positive("--max-connections-per-caller", maxConnectionsPerCaller,
                HttpSettings.defaultConnectionsPerCaller(calls));
        if (minRequestDataRate < 0 || minRequestDataRate > maxRequestBytes) {
            throw new ConfigurationException(setting.apply("--min-request-data-rate") + ": must be between 0 (no "
                    + "minimum) and " + setting.apply("--max-request-bytes") + " (" + maxRequestBytes
                    + ") bytes per second, was " + minRequestDataRate);
        }
        requirePositive("--request-body-timeout", requestBodyTimeout);
        if (requestBodyTimeout.compareTo(java.time.Duration.ofHours(1)) > 0) {
            throw new ConfigurationException(setting.apply("--request-body-timeout") + ": must be at most 1h, was "
                    + requestBodyTimeout.toSeconds() + "s");
        }
        return new HttpSettings(host, port, stateless, sessionIdleTimeout, calls, handlers, jetty, maxRequestBytes,
                origins(), hosts(), tls(), shutdownTimeout, perCaller, minRequestDataRate, requestBodyTimeout);
    }

    private List<String> origins() {
        List<String> result = new ArrayList<>();
        for (String origin : allowedOrigins == null ? List.<String>of() : allowedOrigins) {
            String o = origin.strip();
            if (o.isEmpty()) {
                continue;
            }
            if (!o.matches("https?://[^/\\s]+")) {
                throw new ConfigurationException(setting.apply("--allowed-origins") + ": invalid entry \"" + o
                        + "\"; write scheme://host[:port], e.g. https://app.example.com");
            }
            result.add(o.toLowerCase(java.util.Locale.ROOT));
        }
        return result;
    }

    private List<String> hosts() {
        List<String> result = new ArrayList<>();
        for (String h : allowedHosts == null ? List.<String>of() : allowedHosts) {
            String name = h.strip().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.contains("/") || name.contains(" ")) {
                throw new ConfigurationException(setting.apply("--allowed-hosts") + ": invalid entry \"" + h
                        + "\"; write a host name such as mcp.example.com (a port is optional)");
            }
            result.add(name);
        }
        return result;
    }

    private HttpSettings.Tls tls() {
        if (tlsKeystore != null && (tlsCert != null || tlsKey != null)) {
            throw new ConfigurationException("give --tls-cert and --tls-key, or --tls-keystore, not both");
        }
        if (tlsKeystore != null) {
            readable("--tls-keystore", tlsKeystore);
            if (tlsKeystorePasswordFile == null) {
                throw new ConfigurationException("--tls-keystore needs --tls-keystore-password-file");
            }
            readable("--tls-keystore-password-file", tlsKeystorePasswordFile);
            try {
                String password = Files.readString(tlsKeystorePasswordFile, StandardCharsets.UTF_8).strip();
                return new HttpSettings.Tls(null, null, tlsKeystore, password.toCharArray());
            } catch (IOException e) {
                throw new ConfigurationException(setting.apply("--tls-keystore-password-file") + ": cannot read "
                        + tlsKeystorePasswordFile + ": " + e.getMessage());
            }
        }
        if (tlsCert == null && tlsKey == null) {
            if (tlsKeystorePasswordFile != null) {
                throw new ConfigurationException("--tls-keystore-password-file needs --tls-keystore");
            }
            return null;
        }
        if (tlsCert == null || tlsKey == null) {
            throw new ConfigurationException("--tls-cert and --tls-key go together; give both");
        }
        readable("--tls-cert", tlsCert);
        readable("--tls-key", tlsKey);
        return new HttpSettings.Tls(tlsCert, tlsKey, null, null);
    }

    private void readable(String option, Path file) {
        if (!Files.isReadable(file) || Files.isDirectory(file)) {
            throw new ConfigurationException(setting.apply(option) + ": " + file + " is not a readable file");
        }
    }

    private int positive(String option, Integer value, int derived) {
        int v = value == null ? derived : value;
        if (v < 1 || v > 10_000) {
            throw new ConfigurationException(setting.apply(option) + ": must be between 1 and 10000, was " + v);
        }
        return v;
    }

    private void requirePositive(String option, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new ConfigurationException(setting.apply(option) + ": must be positive");
        }
    }
}
