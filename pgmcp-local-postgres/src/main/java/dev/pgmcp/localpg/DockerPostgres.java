package dev.pgmcp.localpg;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL in a Docker container, for machines without local server binaries.
 *
 * <p>Drives the {@code docker} command-line client: {@code docker run --rm} with trust
 * authentication and the port published on 127.0.0.1 only; {@link #close()} removes the container.
 */
public final class DockerPostgres implements ThrowawayPostgres {

    /** The image used by {@link #start()}. */
    public static final String DEFAULT_IMAGE = "postgres:15-alpine";

    private static final Logger LOG = LoggerFactory.getLogger(DockerPostgres.class);
    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern CONTAINER_ID = Pattern.compile("(?m)^([0-9a-f]{64})\\s*$");
    private static final Pattern PUBLISHED_PORT = Pattern.compile(":(\\d+)\\s*$", Pattern.MULTILINE);

    private final String containerId;
    private final int port;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DockerPostgres(String containerId, int port) {
        this.containerId = containerId;
        this.port = port;
    }

    /** Whether the {@code docker} client is installed and reaches a running engine ({@code docker info}). */
    public static boolean isDockerAvailable() {
        if (CommandRunner.onPath(System.getenv("PATH"), "docker") == null) {
            return false;
        }
        try {
            return docker(Duration.ofSeconds(20), "info", "--format", "{{.ServerVersion}}").succeeded();
        } catch (ThrowawayPostgresException e) {
            return false;
        }
    }

    /** Starts a container from {@link #DEFAULT_IMAGE}. */
    public static DockerPostgres start() {
        return start(DEFAULT_IMAGE);
    }

    /**
     * Starts a container from {@code image} (an official {@code postgres} image or one that
     * honours {@code POSTGRES_HOST_AUTH_METHOD}) and waits up to 60 s for it to accept connections.
     *
     * @throws LocalPostgresUnavailableException if no Docker engine runs
     * @throws ThrowawayPostgresException if the container fails to start; the message ends with its log
     */
    public static DockerPostgres start(String image) {
        Objects.requireNonNull(image, "image");
        if (!isDockerAvailable()) {
            throw new LocalPostgresUnavailableException("Docker is not available: the 'docker' client is missing or "
                    + "'docker info' fails (is the engine running, and may this user use it?).");
        }
        long started = System.nanoTime();
        CommandRunner.Result run = docker(RUN_TIMEOUT, "run", "-d", "--rm",
                "-e", "POSTGRES_HOST_AUTH_METHOD=trust",
                "-p", HOST + "::5432",
                "--label", "dev.pgmcp.throwaway=true",
                image);
        Matcher id = CONTAINER_ID.matcher(run.output());
        String containerId = null;
        while (id.find()) {
            containerId = id.group(1);
        }
        if (!run.succeeded() || containerId == null) {
            throw new ThrowawayPostgresException("'docker run " + image + "' failed with exit code " + run.exitCode()
                    + ":\n" + run.output());
        }
        DockerPostgres server;
        try {
            server = new DockerPostgres(containerId, publishedPort(containerId));
        } catch (RuntimeException e) {
            docker(Duration.ofSeconds(30), "rm", "-f", containerId);
            throw e;
        }
        Reaper.register(server);
        try {
            server.awaitConnection();
        } catch (RuntimeException e) {
            String logs = docker(Duration.ofSeconds(30), "logs", "--tail", "20", containerId).output();
            server.close();
            throw new ThrowawayPostgresException(e.getMessage() + "\n--- last lines of the container log ---\n" + logs, e);
        }
        LOG.info("Started PostgreSQL container {} ({}) on {}:{} in {} ms", containerId.substring(0, 12), image,
                HOST, server.port, (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    private static int publishedPort(String containerId) {
        CommandRunner.Result result = docker(Duration.ofSeconds(30), "port", containerId, "5432/tcp");
        Matcher m = PUBLISHED_PORT.matcher(result.output());
        if (!result.succeeded() || !m.find()) {
            throw new ThrowawayPostgresException("Could not find the published port of container " + containerId
                    + " ('docker port' said: " + result.output() + ")");
        }
        return Integer.parseInt(m.group(1));
    }

    private void awaitConnection() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("connectTimeout", "2");
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try {
                DriverManager.getConnection(jdbcUrl(), props).close();
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ThrowawayPostgresException("Interrupted while waiting for the PostgreSQL container", e);
            }
        }
        throw new ThrowawayPostgresException("The PostgreSQL container did not accept connections at " + jdbcUrl()
                + " within " + READY_TIMEOUT.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private static CommandRunner.Result docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(args.length + 1);
        command.add("docker");
        command.addAll(List.of(args));
        return CommandRunner.run(command, null, null, timeout);
    }

    /** The full ID of the container. */
    public String containerId() {
        return containerId;
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return SUPERUSER;
    }

    /** Removes the container ({@code docker rm -f}). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            CommandRunner.Result result = docker(Duration.ofSeconds(60), "rm", "-f", containerId);
            if (!result.succeeded()) {
                LOG.warn("'docker rm -f {}' failed: {}", containerId, result.output());
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not remove PostgreSQL container {}: {}", containerId, e.toString());
        } finally {
            Reaper.unregister(this);
        }
    }

    @Override
    public String toString() {
        return "DockerPostgres[" + containerId.substring(0, 12) + ", " + HOST + ":" + port + "]";
    }
}
