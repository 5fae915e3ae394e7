package dev.pgmcp.auth.rds;

import dev.pgmcp.core.connection.ConnectionConfigException;
import dev.pgmcp.core.connection.ConnectionSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS rules for IAM authentication, where the password is a bearer token valid for 15 minutes:
 * {@code sslmode} disable, allow and prefer are refused, {@code require} is accepted with a warning
 * (it does not verify the server), and the default is {@code verify-full}. Unless
 * {@code sslrootcert} is given, the server is verified against the Amazon RDS CA bundle shipped in
 * this jar (the regional root CAs of the 2024 "G1" generation: RSA2048, RSA4096 and ECC384).
 */
public final class IamTls {

    private static final Logger LOG = LoggerFactory.getLogger(IamTls.class);

    /** The bundled Amazon RDS root certificates, a resource of this module. */
    public static final String RDS_CA_RESOURCE = "/dev/pgmcp/auth/rds/rds-ca-bundle.pem";

    private static final Set<String> REFUSED = Set.of("disable", "allow", "prefer");

    private static Path extractedBundle;

    private IamTls() {
    }

    /**
     * The settings with the IAM TLS rules applied.
     *
     * @throws ConnectionConfigException when the sslmode would send the token without TLS
     */
    public static ConnectionSettings enforce(ConnectionSettings settings) {
        Map<String, String> properties = new LinkedHashMap<>(settings.driverProperties());
        String mode = properties.get("sslmode");
        if (mode == null) {
            mode = "verify-full";
            properties.put("sslmode", mode);
        }
        if (REFUSED.contains(mode)) {
            throw new ConnectionConfigException("sslmode=" + mode + " is not allowed with IAM authentication: the "
                    + "token would be sent to a server that was not verified, or without TLS. Use sslmode=verify-full "
                    + "(the default with --auth rds-iam) or verify-ca");
        }
        if (mode.equals("require")) {
            LOG.warn("sslmode=require encrypts but does not verify the server's certificate, so an impostor could "
                    + "capture the IAM token; use sslmode=verify-full");
        } else if (!properties.containsKey("sslrootcert")) {
            properties.put("sslrootcert", bundledRdsCa().toString());
        }
        return new ConnectionSettings(settings.hosts(), settings.ports(), settings.database(), settings.user(),
                settings.password(), settings.passwordSource(), properties);
    }

    /** True when {@code sslrootcert} is the bundled RDS CA file. */
    public static boolean usesBundledRdsCa(ConnectionSettings settings) {
        Path bundle = extractedBundle;
        return bundle != null && bundle.toString().equals(settings.driverProperties().get("sslrootcert"));
    }

    /** The bundled RDS CA certificates as a file, for pgjdbc's {@code sslrootcert}; extracted once. */
    public static synchronized Path bundledRdsCa() {
        if (extractedBundle == null) {
            try (InputStream in = IamTls.class.getResourceAsStream(RDS_CA_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the RDS CA bundle " + RDS_CA_RESOURCE + " is missing from the jar");
                }
                Path file = Files.createTempFile("pgmcp-rds-ca-", ".pem");
                file.toFile().deleteOnExit();
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                extractedBundle = file;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the RDS CA bundle to a temporary file: " + e.getMessage(), e);
            }
        }
        return extractedBundle;
    }
}
