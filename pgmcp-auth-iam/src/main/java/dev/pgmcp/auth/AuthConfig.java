package dev.pgmcp.auth;

import dev.pgmcp.auth.aws.AwsCredentialSources;
import dev.pgmcp.auth.file.PasswordFileCredentialProvider;
import dev.pgmcp.auth.rds.IamTls;
import dev.pgmcp.auth.rds.RdsEndpoints;
import dev.pgmcp.auth.rds.RdsIamCredentialProvider;
import dev.pgmcp.auth.rds.RdsIamTokenGenerator;
import dev.pgmcp.auth.secrets.SecretsManagerCredentialProvider;
import dev.pgmcp.core.connection.ConnectionConfigException;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.credentials.CredentialProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * The credential settings of a host, validated: which {@link AuthMode}, and what it needs.
 * {@link #apply(ConnectionSettings)} turns them into the connection settings to use (with the IAM
 * TLS rules) and a {@link CredentialProvider}.
 *
 * @param mode               how the password is obtained
 * @param awsRegion          the AWS region, or null to take it from the endpoint name or the AWS configuration
 * @param awsProfile         a named AWS profile, or null for the default credential chain
 * @param iamSigningHost     {@code host:port} to sign IAM tokens for (tunnels, proxies), or null for the endpoint
 * @param secretId           the Secrets Manager secret name or ARN (secrets-manager mode)
 * @param secretUsernameKey  JSON key of the user name in the secret
 * @param secretPasswordKey  JSON key of the password in the secret
 * @param secretTtl          how long a fetched secret is reused
 * @param passwordFile       a file holding the password (static mode), or null
 * @param awsEndpoint        an endpoint override for AWS service calls (tests, VPC endpoints), or null
 */
public record AuthConfig(AuthMode mode, String awsRegion, String awsProfile, String iamSigningHost, String secretId,
                         String secretUsernameKey, String secretPasswordKey, Duration secretTtl, Path passwordFile,
                         URI awsEndpoint) {

    /** Password sources that show the operator meant a password; a matching .pgpass line is just ignored. */
    private static final java.util.Set<String> EXPLICIT_PASSWORD_SOURCES = java.util.Set.of("the connection string",
            "the JDBC URL", "PGPASSWORD");

    public AuthConfig {
        Objects.requireNonNull(mode, "mode");
        secretUsernameKey = secretUsernameKey == null ? "username" : secretUsernameKey;
        secretPasswordKey = secretPasswordKey == null ? "password" : secretPasswordKey;
        secretTtl = secretTtl == null ? Duration.ofMinutes(15) : secretTtl;
        if (mode == AuthMode.SECRETS_MANAGER && (secretId == null || secretId.isBlank())) {
            throw new ConnectionConfigException("--auth secrets-manager needs --secret-id (the secret's name or ARN)");
        }
        if (mode != AuthMode.SECRETS_MANAGER && secretId != null) {
            throw new ConnectionConfigException("--secret-id is only used with --auth secrets-manager");
        }
        if (mode != AuthMode.STATIC && passwordFile != null) {
            throw new ConnectionConfigException("--password-file is only used with --auth static");
        }
        if (mode != AuthMode.RDS_IAM && iamSigningHost != null) {
            throw new ConnectionConfigException("--iam-signing-host is only used with --auth rds-iam");
        }
        if (mode == AuthMode.STATIC && (awsRegion != null || awsProfile != null)) {
            throw new ConnectionConfigException("--aws-region and --aws-profile are only used with --auth rds-iam or "
                    + "secrets-manager");
        }
        if (secretTtl.isNegative() || secretTtl.isZero()) {
            throw new ConnectionConfigException("the secret TTL must be positive");
        }
        if (iamSigningHost != null) {
            HostPort.parse(iamSigningHost);
        }
    }

    /** Static credentials from the connection settings. */
    public static AuthConfig staticCredentials() {
        return new AuthConfig(AuthMode.STATIC, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Connection settings and a credential provider for them.
     *
     * @param settings   what to connect to, with TLS rules applied in IAM mode
     * @param provider   where each new connection's credentials come from
     * @param tlsSummary the TLS mode in words, for logs and the check command
     */
    public record Applied(ConnectionSettings settings, CredentialProvider provider, String tlsSummary) {
    }

    /** Applies this configuration to resolved connection settings. */
    public Applied apply(ConnectionSettings settings) {
        return apply(settings, Clock.systemUTC());
    }

    /** As {@link #apply(ConnectionSettings)}, with the clock for token signing and caches. */
    public Applied apply(ConnectionSettings settings, Clock clock) {
        switch (mode) {
            case STATIC -> {
                CredentialProvider provider = passwordFile != null
                        ? new PasswordFileCredentialProvider(settings.user(), passwordFile)
                        : settings.staticCredentials();
                return new Applied(settings, provider, tls(settings));
            }
            case RDS_IAM -> {
                if (settings.password() != null && EXPLICIT_PASSWORD_SOURCES.contains(settings.passwordSource())) {
                    throw new ConnectionConfigException("--auth rds-iam uses IAM tokens, but a password was also given in "
                            + settings.passwordSource() + "; remove it");
                }
                HostPort signing;
                if (iamSigningHost != null) {
                    signing = HostPort.parse(iamSigningHost);
                } else if (settings.hosts().size() > 1) {
                    throw new ConnectionConfigException("an IAM token is signed for one host, but the connection names "
                            + settings.hosts().size() + "; connect to one endpoint (an Aurora reader endpoint balances "
                            + "over the replicas) or give --iam-signing-host");
                } else {
                    signing = new HostPort(settings.hosts().get(0), settings.ports().get(0));
                }
                String region = region(signing.host(), settings.hosts().get(0));
                ConnectionSettings tlsSettings = IamTls.enforce(settings);
                AwsCredentialsProvider aws = AwsCredentialSources.of(awsProfile);
                RdsIamCredentialProvider provider = new RdsIamCredentialProvider(settings.user(),
                        new RdsIamTokenGenerator(signing.host(), signing.port(), region, clock), aws,
                        AwsCredentialSources.describe(awsProfile), clock);
                return new Applied(tlsSettings, provider, tls(tlsSettings));
            }
            case SECRETS_MANAGER -> {
                SecretsManagerClientBuilder builder = SecretsManagerClient.builder()
                        .httpClient(UrlConnectionHttpClient.create())
                        .credentialsProvider(AwsCredentialSources.of(awsProfile))
                        .region(Region.of(region(null, settings.hosts().get(0))));
                if (awsEndpoint != null) {
                    builder.endpointOverride(awsEndpoint);
                }
                SecretsManagerCredentialProvider provider = new SecretsManagerCredentialProvider(builder.build(),
                        secretId, secretUsernameKey, secretPasswordKey, settings.user(), secretTtl, clock);
                return new Applied(settings, provider, tls(settings));
            }
            default -> throw new IllegalStateException(mode.toString());
        }
    }

    private String region(String signingHost, String endpointHost) {
        if (awsRegion != null) {
            return awsRegion;
        }
        String fromName = RdsEndpoints.region(signingHost).or(() -> RdsEndpoints.region(endpointHost)).orElse(null);
        if (fromName != null) {
            return fromName;
        }
        try {
            return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
        } catch (SdkClientException e) {
            throw new ConnectionConfigException("cannot tell the AWS region from the host name \"" + endpointHost
                    + "\" or the AWS configuration; give --aws-region");
        }
    }

    private static String tls(ConnectionSettings settings) {
        String mode = settings.sslMode();
        String root = settings.driverProperties().get("sslrootcert");
        if (mode.startsWith("verify")) {
            return "sslmode=" + mode + (IamTls.usesBundledRdsCa(settings) ? " with the bundled Amazon RDS CA"
                    : root != null ? " with sslrootcert " + root : " with ~/.postgresql/root.crt");
        }
        return "sslmode=" + mode;
    }

    /** A {@code host:port} pair. */
    public record HostPort(String host, int port) {
        /** Parses {@code host:port} or {@code host} (port 5432); IPv6 in brackets. */
        public static HostPort parse(String text) {
            String host = text;
            int port = 5432;
            int colon = text.lastIndexOf(':');
            if (colon > 0 && text.indexOf(']') < colon && (text.startsWith("[") || text.indexOf(':') == colon)) {
                host = text.substring(0, colon);
                try {
                    port = Integer.parseInt(text.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.isBlank() || port < 1 || port > 65535) {
                throw new ConnectionConfigException("invalid --iam-signing-host \"" + text + "\"; expected host:port");
            }
            return new HostPort(host, port);
        }
    }
}
