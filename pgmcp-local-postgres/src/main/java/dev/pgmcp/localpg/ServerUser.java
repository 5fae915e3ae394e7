package dev.pgmcp.localpg;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The OS user that runs the server binaries. PostgreSQL refuses to run as root, so a JVM running
 * as root runs them as the {@code postgres} OS user through {@code runuser} (or {@code su}).
 */
final class ServerUser {

    static final String POSTGRES_OS_USER = "postgres";

    private final UserPrincipal switchTo;
    private final Path runuser;

    private ServerUser(UserPrincipal switchTo, Path runuser) {
        this.switchTo = switchTo;
        this.runuser = runuser;
    }

    /**
     * The current user, or {@code postgres} when the JVM runs as root.
     *
     * @throws LocalPostgresUnavailableException if running as root and no {@code postgres} OS user exists
     */
    static ServerUser detect() {
        if (!runningAsRoot()) {
            return new ServerUser(null, null);
        }
        UserPrincipal postgres;
        try {
            postgres = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(POSTGRES_OS_USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new LocalPostgresUnavailableException("The JVM runs as root, which PostgreSQL refuses, and there is no '"
                    + POSTGRES_OS_USER + "' OS user to run it as. Create one (useradd --system " + POSTGRES_OS_USER
                    + ") or run as a non-root user.", e);
        } catch (IOException e) {
            throw new LocalPostgresUnavailableException("Could not look up the '" + POSTGRES_OS_USER + "' OS user: " + e, e);
        }
        String path = System.getenv("PATH");
        Path runuser = CommandRunner.onPath((path == null ? "" : path) + ":/usr/sbin:/sbin", "runuser");
        return new ServerUser(postgres, runuser);
    }

    static boolean runningAsRoot() {
        if ("root".equals(System.getProperty("user.name"))) {
            return true;
        }
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether commands run as another OS user than the JVM's. */
    boolean switchesUser() {
        return switchTo != null;
    }

    /** Makes {@code path} owned by the server's OS user, if that is not the JVM's user. */
    void giveOwnership(Path path) throws IOException {
        if (switchTo != null) {
            Files.setOwner(path, switchTo);
        }
    }

    /** Makes {@code dir} and everything under it owned by the server's OS user. */
    void giveOwnershipRecursively(Path dir) throws IOException {
        if (switchTo == null) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            all = walk.collect(Collectors.toList());
        }
        for (Path p : all) {
            Files.setOwner(p, switchTo);
        }
    }

    /** The command line that runs {@code command} as the server's OS user. */
    List<String> wrap(List<String> command) {
        if (switchTo == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>();
        if (runuser != null) {
            wrapped.add(runuser.toString());
            wrapped.add("-u");
            wrapped.add(switchTo.getName());
            wrapped.add("--");
            wrapped.addAll(command);
        } else {
            wrapped.add("su");
            wrapped.add(switchTo.getName());
            wrapped.add("-s");
            wrapped.add("/bin/sh");
            wrapped.add("-c");
            wrapped.add(command.stream().map(ServerUser::shellQuote).collect(Collectors.joining(" ")));
        }
        return wrapped;
    }

    /** Quotes one word for a POSIX shell. */
    static String shellQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
