package dev.pgmcp.auth.file;

import dev.pgmcp.auth.RefreshingCredentialProvider;
import dev.pgmcp.core.credentials.CredentialException;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The password is the content of a file (trailing line breaks removed), read again for every new
 * physical connection, so a secret that Kubernetes or a secrets agent rotates in place is picked up
 * without a restart. Existing connections are not affected.
 */
public final class PasswordFileCredentialProvider extends RefreshingCredentialProvider {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PasswordFileCredentialProvider.class);

    private final String username;
    private final Path file;
    private int lastHash;
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();

    public PasswordFileCredentialProvider(String username, Path file) {
        this(username, file, Clock.systemUTC());
    }

    PasswordFileCredentialProvider(String username, Path file, Clock clock) {
        super(clock);
        this.username = Objects.requireNonNull(username, "username");
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    protected Fetched fetch(Instant now) {
        try {
            String password = Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", "");
            if (password.isEmpty()) {
                throw new CredentialException("password file " + file + " is empty");
            }
            int hash = password.hashCode();
            if (lastHash != 0 && hash != lastHash) {
                changes.incrementAndGet();
                LOG.info("password file {} changed; new connections use the new password", file);
            }
            lastHash = hash;
            // Read again for the next new connection.
            return new Fetched(new DatabaseCredentials(username, password, null), now);
        } catch (NoSuchFileException e) {
            throw new CredentialException("password file " + file + " does not exist");
        } catch (IOException e) {
            throw new CredentialException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
    }

    /** How often the file's content was seen to change. */
    public long changeCount() {
        return changes.get();
    }

    @Override
    public String description() {
        return "password file " + file;
    }
}
