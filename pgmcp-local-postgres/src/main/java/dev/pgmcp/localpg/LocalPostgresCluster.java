package dev.pgmcp.localpg;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster started from the server binaries installed on this machine.
 *
 * <p>{@link #start(Options)} creates a fresh data directory with {@code initdb} (trust
 * authentication, superuser {@code postgres}, UTF-8, C locale), starts the server on a free port
 * of 127.0.0.1 with durability switched off for speed, and waits until it accepts connections.
 * {@link #close()} stops it immediately and deletes the directory; a JVM shutdown hook does the
 * same for clusters still open at exit. When the JVM runs as root the binaries run as the
 * {@code postgres} OS user.
 *
 * <pre>{@code
 * try (LocalPostgresCluster pg = LocalPostgresCluster.start()) {
 *     Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.superuser(), null);
 * }
 * }</pre>
 */
public final class LocalPostgresCluster implements ThrowawayPostgres {

    /** Environment variable naming the directory of {@code initdb}, {@code pg_ctl} and {@code postgres}. */
    public static final String BIN_DIRECTORY_ENV = BinaryLocator.BIN_ENV;

    private static final Logger LOG = LoggerFactory.getLogger(LocalPostgresCluster.class);
    private static final String HOST = "127.0.0.1";
    private static final String SUPERUSER = "postgres";
    private static final String DIR_PREFIX = "pgmcp-pg-";
    private static final String OWNER_PID_FILE = "jvm.pid";
    private static final int LOG_TAIL_LINES = 20;
    private static final int PORT_ATTEMPTS = 3;
    private static final int MAX_SOCKET_PATH = 100;

    private final Path binDirectory;
    private final Path baseDirectory;
    private final Path dataDirectory;
    private final Path serverLog;
    private final Path commandLog;
    private final ServerUser user;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile int port;

    private LocalPostgresCluster(Path binDirectory, Path baseDirectory, ServerUser user) {
        this.binDirectory = binDirectory;
        this.baseDirectory = baseDirectory;
        this.dataDirectory = baseDirectory.resolve("data");
        this.serverLog = baseDirectory.resolve("postgres.log");
        this.commandLog = baseDirectory.resolve("commands.log");
        this.user = user;
    }

    /**
     * The directory holding {@code initdb}, {@code pg_ctl} and {@code postgres}: {@code $PGMCP_PG_BIN},
     * else {@code /usr/lib/postgresql/<version>/bin} (highest version first), else
     * {@code pg_config --bindir}, else the directory of {@code initdb} on the PATH.
     */
    public static Optional<Path> findBinaries() {
        return BinaryLocator.find();
    }

    /** Starts a cluster with default options. */
    public static LocalPostgresCluster start() {
        return start(Options.defaults());
    }

    /**
     * Creates and starts a fresh cluster.
     *
     * @throws LocalPostgresUnavailableException if no server binaries are found, or they cannot be run as this OS user
     * @throws ThrowawayPostgresException if the cluster fails to initialise or start; the message ends with the server log
     */
    public static LocalPostgresCluster start(Options options) {
        Objects.requireNonNull(options, "options");
        Path bin = options.binDirectory().orElseGet(() -> findBinaries().orElseThrow(() ->
                new LocalPostgresUnavailableException("No PostgreSQL server binaries (initdb, pg_ctl, postgres) found. "
                        + "Install PostgreSQL (e.g. apt-get install postgresql), or set " + BIN_DIRECTORY_ENV
                        + " to the directory that holds them.")));
        if (!BinaryLocator.isBinDirectory(bin)) {
            throw new LocalPostgresUnavailableException(bin + " does not contain initdb, pg_ctl and postgres.");
        }
        ServerUser user = ServerUser.detect();
        Path parent = parentDirectory(user);
        sweepStaleClusters(parent, bin, user);

        long started = System.nanoTime();
        LocalPostgresCluster cluster;
        try {
            cluster = new LocalPostgresCluster(bin, Files.createTempDirectory(parent, DIR_PREFIX), user);
        } catch (IOException e) {
            throw new ThrowawayPostgresException("Could not create a temporary directory under " + parent + ": " + e, e);
        }
        Reaper.register(cluster);
        try {
            cluster.initialise(options);
            cluster.startServer(options);
            cluster.awaitConnection(options.startupTimeout());
        } catch (RuntimeException | IOException e) {
            String log = CommandRunner.tail(cluster.serverLog, LOG_TAIL_LINES);
            cluster.close();
            String message = e.getMessage() + "\n--- last lines of the PostgreSQL server log ---\n" + log;
            throw new ThrowawayPostgresException(message, e);
        }
        LOG.info("Started throwaway PostgreSQL on {}:{} in {} ms (data: {})", HOST, cluster.port,
                (System.nanoTime() - started) / 1_000_000, cluster.dataDirectory);
        return cluster;
    }

    private static Path parentDirectory(ServerUser user) {
        // When switching to the postgres user it must be able to traverse the parent: /tmp is world-searchable.
        Path tmp = Path.of("/tmp");
        if (user.switchesUser() && Files.isDirectory(tmp)) {
            return tmp;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    private void initialise(Options options) throws IOException {
        Files.writeString(baseDirectory.resolve(OWNER_PID_FILE), Long.toString(ProcessHandle.current().pid()));
        Files.createDirectory(dataDirectory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectory(socketDirectory(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createFile(serverLog);
        if (user.switchesUser()) {
            user.giveOwnershipRecursively(baseDirectory);
        }
        List<String> initdb = List.of(binary("initdb"), "-D", dataDirectory.toString(), "-A", "trust", "-U", SUPERUSER,
                "-E", "UTF8", "--locale=C", "--no-sync");
        CommandRunner.Result result = runServerCommand(initdb, Duration.ofMinutes(2));
        if (!result.succeeded()) {
            throw new ThrowawayPostgresException("initdb failed with exit code " + result.exitCode() + ":\n" + result.output());
        }
        configure(options);
    }

    private void configure(Options options) throws IOException {
        if (!options.settings().isEmpty()) {
            StringBuilder conf = new StringBuilder("\n# Added by pgmcp LocalPostgresCluster\n");
            options.settings().forEach((name, value) -> conf.append(name).append(" = '")
                    .append(value.replace("\\", "\\\\").replace("'", "''")).append("'\n"));
            Files.writeString(dataDirectory.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        if (!options.hbaLines().isEmpty()) {
            Path hba = dataDirectory.resolve("pg_hba.conf");
            String defaults = Files.readString(hba, StandardCharsets.UTF_8);
            String extra = "# Added by pgmcp LocalPostgresCluster, before the defaults\n"
                    + String.join("\n", options.hbaLines()) + "\n\n";
            Files.writeString(hba, extra + defaults, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        }
        for (Map.Entry<String, Path> file : options.dataFiles().entrySet()) {
            Path target = dataDirectory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.copy(file.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
            // Private keys must be owned by the server user and not readable by others.
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
            user.giveOwnership(target);
        }
    }

    private void startServer(Options options) throws IOException {
        String socketDir = socketDirectory().toString();
        String socketOption = socketDir.length() > MAX_SOCKET_PATH ? "''" : ServerUser.shellQuote(socketDir);
        for (int attempt = 1; ; attempt++) {
            port = freePort();
            // pg_ctl hands -o to a shell, hence the quoting.
            String serverOptions = "-p " + port + " -k " + socketOption + " -c listen_addresses=" + HOST
                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            long logSize = Files.size(serverLog);
            List<String> pgCtl = List.of(binary("pg_ctl"), "-w", "-t", Long.toString(options.startupTimeout().toSeconds()),
                    "-D", dataDirectory.toString(), "-l", serverLog.toString(), "-o", serverOptions, "start");
            CommandRunner.Result result = runServerCommand(pgCtl, options.startupTimeout().plusSeconds(15));
            if (result.succeeded()) {
                return;
            }
            String newLog = Files.readString(serverLog, StandardCharsets.UTF_8);
            boolean portTaken = newLog.length() > logSize
                    && newLog.substring((int) logSize).contains("could not bind");
            if (!portTaken || attempt == PORT_ATTEMPTS) {
                throw new ThrowawayPostgresException("pg_ctl start failed with exit code " + result.exitCode()
                        + " (port " + port + "):\n" + result.output());
            }
            LOG.debug("Port {} was taken before the server could bind it; trying another", port);
        }
    }

    private void awaitConnection(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("connectTimeout", "5");
        while (true) {
            try {
                DriverManager.getConnection(jdbcUrl(), props).close();
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new ThrowawayPostgresException("The server was started but did not accept a JDBC connection at "
                            + jdbcUrl() + " within " + timeout.toSeconds() + " s: " + e.getMessage(), e);
                }
                sleep(100);
            }
        }
    }

    private CommandRunner.Result runServerCommand(List<String> command, Duration timeout) {
        return CommandRunner.run(user.wrap(command), baseDirectory, commandLog, timeout);
    }

    private String binary(String name) {
        return binDirectory.resolve(name).toString();
    }

    private Path socketDirectory() {
        return baseDirectory.resolve("sock");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** JDBC URL of the {@code postgres} database: {@code jdbc:postgresql://127.0.0.1:PORT/postgres}. */
    @Override
    public String jdbcUrl() {
        return ThrowawayPostgres.super.jdbcUrl();
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    /** Always {@code postgres}; trust authentication means it needs no password. */
    @Override
    public String superuser() {
        return SUPERUSER;
    }

    /** The cluster's data directory ({@code PGDATA}). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The server's log file; it lives next to the data directory and is deleted with it. */
    public Path serverLog() {
        return serverLog;
    }

    /** The last {@code lines} lines of the server log, for diagnostics. */
    public String serverLogTail(int lines) {
        return CommandRunner.tail(serverLog, lines);
    }

    /** Stops the server ({@code pg_ctl stop -m immediate}) and deletes its directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
                CommandRunner.Result result = runServerCommand(List.of(binary("pg_ctl"), "-D", dataDirectory.toString(),
                        "-m", "immediate", "-w", "stop"), Duration.ofSeconds(60));
                if (!result.succeeded()) {
                    LOG.warn("pg_ctl stop failed for {}: {}", dataDirectory, result.output());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not stop the PostgreSQL server in {}: {}", dataDirectory, e.toString());
        } finally {
            deleteRecursively(baseDirectory);
            Reaper.unregister(this);
        }
        LOG.debug("Stopped throwaway PostgreSQL on {}:{}", HOST, port);
    }

    @Override
    public String toString() {
        return "LocalPostgresCluster[" + HOST + ":" + port + ", " + dataDirectory + "]";
    }

    /**
     * Stops and deletes clusters left behind by JVMs that were killed before their shutdown hook ran.
     * Only directories with our prefix and an owner-PID file naming a dead process are touched.
     */
    private static void sweepStaleClusters(Path parent, Path bin, ServerUser user) {
        List<Path> candidates;
        try (Stream<Path> list = Files.list(parent)) {
            candidates = list.filter(p -> p.getFileName().toString().startsWith(DIR_PREFIX))
                    .filter(p -> Files.isRegularFile(p.resolve(OWNER_PID_FILE)))
                    .collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Path dir : candidates) {
            try {
                long owner = Long.parseLong(Files.readString(dir.resolve(OWNER_PID_FILE)).strip());
                if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                LOG.info("Removing throwaway PostgreSQL left behind by dead JVM {}: {}", owner, dir);
                Path data = dir.resolve("data");
                if (Files.exists(data.resolve("postmaster.pid"))) {
                    CommandRunner.run(user.wrap(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                            "-m", "immediate", "-w", "stop")), dir, null, Duration.ofSeconds(30));
                }
                deleteRecursively(dir);
            } catch (IOException | RuntimeException e) {
                LOG.debug("Could not sweep {}: {}", dir, e.toString());
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete {} completely: {}", dir, e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ThrowawayPostgresException("Interrupted while waiting for PostgreSQL to start", e);
        }
    }

    /**
     * How to set up a {@link LocalPostgresCluster}: extra {@code postgresql.conf} settings, extra
     * {@code pg_hba.conf} lines (placed before the trust defaults, so they win), and files copied
     * into the data directory (certificates and keys for SSL; copied with mode 0600). Immutable.
     *
     * <pre>{@code
     * Options ssl = Options.builder()
     *         .copyIntoDataDirectory(certPath, "server.crt")
     *         .copyIntoDataDirectory(keyPath, "server.key")
     *         .setting("ssl", "on")
     *         .hbaLine("hostnossl all all 127.0.0.1/32 reject")
     *         .build();
     * }</pre>
     */
    public static final class Options {

        private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
        private static final Options DEFAULTS = builder().build();

        private final Map<String, String> settings;
        private final List<String> hbaLines;
        private final Map<String, Path> dataFiles;
        private final Path binDirectory;
        private final Duration startupTimeout;

        private Options(Builder b) {
            this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
            this.hbaLines = List.copyOf(b.hbaLines);
            this.dataFiles = Collections.unmodifiableMap(new LinkedHashMap<>(b.dataFiles));
            this.binDirectory = b.binDirectory;
            this.startupTimeout = b.startupTimeout;
        }

        /** No extra settings, found binaries, 60 s start-up timeout. */
        public static Options defaults() {
            return DEFAULTS;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Extra {@code postgresql.conf} settings, in insertion order. */
        public Map<String, String> settings() {
            return settings;
        }

        /** Extra {@code pg_hba.conf} lines, placed before the defaults. */
        public List<String> hbaLines() {
            return hbaLines;
        }

        /** Files to copy into the data directory: target name (relative) to source file. */
        public Map<String, Path> dataFiles() {
            return dataFiles;
        }

        /** The binaries to use; empty means {@link LocalPostgresCluster#findBinaries()}. */
        public Optional<Path> binDirectory() {
            return Optional.ofNullable(binDirectory);
        }

        /** How long to wait for the server to accept connections. */
        public Duration startupTimeout() {
            return startupTimeout;
        }

        @Override
        public String toString() {
            return "Options[settings=" + settings.keySet() + ", hbaLines=" + hbaLines.size()
                    + ", dataFiles=" + dataFiles.keySet() + ", binDirectory=" + binDirectory + "]";
        }

        /** Builds {@link Options}. Not thread-safe. */
        public static final class Builder {

            private final Map<String, String> settings = new LinkedHashMap<>();
            private final List<String> hbaLines = new ArrayList<>();
            private final Map<String, Path> dataFiles = new LinkedHashMap<>();
            private Path binDirectory;
            private Duration startupTimeout = Duration.ofSeconds(60);

            private Builder() {}

            /** Adds (or replaces) a {@code postgresql.conf} setting, e.g. {@code setting("ssl", "on")}. */
            public Builder setting(String name, String value) {
                Objects.requireNonNull(name, "name");
                Objects.requireNonNull(value, "value");
                if (!SETTING_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' is not a valid PostgreSQL setting name");
                }
                if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("The value of setting '" + name + "' must not contain a line break");
                }
                settings.put(name, value);
                return this;
            }

            /** Adds every entry of {@code values} as a setting. */
            public Builder settings(Map<String, String> values) {
                values.forEach(this::setting);
                return this;
            }

            /** Adds a {@code pg_hba.conf} line, e.g. {@code "host all alice 127.0.0.1/32 scram-sha-256"}. */
            public Builder hbaLine(String line) {
                Objects.requireNonNull(line, "line");
                if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
                    throw new IllegalArgumentException("A pg_hba.conf line must not contain a line break: " + line);
                }
                hbaLines.add(line);
                return this;
            }

            /** Adds several {@code pg_hba.conf} lines, in order. */
            public Builder hbaLines(List<String> lines) {
                lines.forEach(this::hbaLine);
                return this;
            }

            /**
             * Copies {@code source} into the data directory as {@code fileName} (a relative path such as
             * {@code "server.key"}), owned by the server user with mode 0600.
             */
            public Builder copyIntoDataDirectory(Path source, String fileName) {
                Objects.requireNonNull(source, "source");
                Objects.requireNonNull(fileName, "fileName");
                Path relative = Path.of(fileName).normalize();
                if (relative.isAbsolute() || relative.toString().isEmpty() || relative.startsWith("..")) {
                    throw new IllegalArgumentException("'" + fileName + "' must be a path inside the data directory, such as server.crt");
                }
                if (!Files.isRegularFile(source)) {
                    throw new IllegalArgumentException(source + " is not a readable file");
                }
                dataFiles.put(relative.toString(), source);
                return this;
            }

            /** Uses the binaries in {@code dir} instead of searching for them. */
            public Builder binDirectory(Path dir) {
                this.binDirectory = Objects.requireNonNull(dir, "dir");
                return this;
            }

            /** How long to wait for the server to start; default 60 s. */
            public Builder startupTimeout(Duration timeout) {
                Objects.requireNonNull(timeout, "timeout");
                if (timeout.isNegative() || timeout.toSeconds() < 1) {
                    throw new IllegalArgumentException("startupTimeout must be at least one second, was " + timeout);
                }
                this.startupTimeout = timeout;
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }
}
