package dev.pgmcp.core.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads passwords from a {@code .pgpass} file the way libpq does: lines of
 * {@code hostname:port:database:username:password}, {@code *} matching anything, backslash
 * escaping {@code :} and {@code \}, the first matching line winning, and the file ignored (with
 * a warning) when group or others can read it.
 */
public final class PgPassFile {

    private static final Logger LOG = LoggerFactory.getLogger(PgPassFile.class);

    private final Path path;

    public PgPassFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** The password of the first line matching all four fields, if the file exists and is private. */
    public Optional<String> lookup(String host, int port, String database, String user) {
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)
                    || permissions.contains(PosixFilePermission.GROUP_WRITE)
                    || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.warn("password file \"{}\" has group or world access; permissions should be u=rw (0600) or less; "
                        + "ignoring it", path);
                return Optional.empty();
            }
        } catch (UnsupportedOperationException notPosix) {
            // Windows: libpq does not check permissions there either.
        } catch (IOException e) {
            LOG.warn("cannot read password file \"{}\": {}", path, e.getMessage());
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            LOG.warn("cannot read password file \"{}\": {}", path, e.getMessage());
            return Optional.empty();
        }
        String[] wanted = {host, Integer.toString(port), database, user};
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line);
            if (fields.size() < 5) {
                continue;
            }
            boolean matches = true;
            for (int i = 0; i < 4 && matches; i++) {
                String field = fields.get(i);
                matches = field.equals("*") || field.equals(wanted[i]);
            }
            if (matches) {
                return Optional.of(fields.get(4));
            }
        }
        return Optional.empty();
    }

    /** Splits on unescaped colons; the fifth field keeps any further colons, unescaped. */
    private static List<String> split(String line) {
        List<String> fields = new ArrayList<>(5);
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                current.append(line.charAt(++i));
            } else if (c == ':' && fields.size() < 4) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
