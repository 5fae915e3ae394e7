package dev.pgmcp.server.http.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pgmcp-http hash-key}: prints the SHA-256 (hex) of an API key read from standard input,
 * for the {@code sha256} of an {@code access.api-keys} entry; with {@code --generate}, makes a new
 * random key and prints it with its hash.
 */
@Command(name = "hash-key", mixinStandardHelpOptions = true,
        description = {"Print the SHA-256 of an API key read from standard input, for access.api-keys[].sha256.",
                "With --generate, create a new random key and print the key and its SHA-256."})
public final class HashKeyCommand implements Callable<Integer> {

    /** Shortest key accepted: keys must be long random strings, since only their hash guards them. */
    public static final int MIN_KEY_LENGTH = 32;
    private static final String PREFIX = "pgmcp_";

    @Option(names = "--generate", description = "Generate a new random key (256 bits) instead of reading one.")
    boolean generate;

    @Spec
    CommandSpec spec;

    private final InputStream in;

    public HashKeyCommand() {
        this(System.in);
    }

    HashKeyCommand(InputStream in) {
        this.in = in;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (generate) {
            String key = generate();
            out.println("key:    " + key);
            out.println("sha256: " + sha256Hex(key));
            out.println("Give the key to the client; put only the sha256 into the configuration file.");
            out.flush();
            return 0;
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        String key = line == null ? "" : line.strip();
        if (key.length() < MIN_KEY_LENGTH || key.chars().anyMatch(c -> c <= 0x20 || c > 0x7e)) {
            err.println("pgmcp: an API key must be at least " + MIN_KEY_LENGTH + " printable characters without "
                    + "spaces; make a strong one with 'hash-key --generate'");
            err.flush();
            return 2;
        }
        out.println(sha256Hex(key));
        out.flush();
        return 0;
    }

    /** A new key: {@code pgmcp_} and 32 random bytes, base64url. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lower-case hex SHA-256 of {@code key} (UTF-8), as the configuration file expects it. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(ApiKeyAuthenticator.sha256(key));
    }
}
