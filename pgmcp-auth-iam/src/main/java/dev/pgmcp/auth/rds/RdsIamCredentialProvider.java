package dev.pgmcp.auth.rds;

import dev.pgmcp.auth.RefreshingCredentialProvider;
import dev.pgmcp.core.credentials.CredentialException;
import dev.pgmcp.core.credentials.DatabaseCredentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Amazon RDS / Aurora IAM authentication: the password of each new physical connection is an IAM
 * token. A token is reused until {@link #REFRESH_MARGIN} before it (or the AWS session credentials
 * it was signed with) expires, then a new one is signed; after a rejected login it is re-signed
 * at once. Established sessions are not affected by token expiry.
 */
public final class RdsIamCredentialProvider extends RefreshingCredentialProvider {

    /** A token is replaced this long before it expires. */
    public static final Duration REFRESH_MARGIN = Duration.ofMinutes(3);

    private final String username;
    private final RdsIamTokenGenerator generator;
    private final IdentityProvider<? extends AwsCredentialsIdentity> awsCredentials;
    private final String credentialsDescription;

    /**
     * @param username               the database role, which must be granted {@code rds_iam}
     * @param generator              signs tokens for the endpoint; its clock is also this provider's
     * @param awsCredentials         AWS credentials, such as the default chain or a named profile
     * @param credentialsDescription where the AWS credentials come from, for logs
     */
    public RdsIamCredentialProvider(String username, RdsIamTokenGenerator generator,
                                    IdentityProvider<? extends AwsCredentialsIdentity> awsCredentials,
                                    String credentialsDescription, Clock clock) {
        super(clock);
        this.username = Objects.requireNonNull(username, "username");
        this.generator = Objects.requireNonNull(generator, "generator");
        this.awsCredentials = Objects.requireNonNull(awsCredentials, "awsCredentials");
        this.credentialsDescription = Objects.requireNonNull(credentialsDescription, "credentialsDescription");
    }

    @Override
    protected Fetched fetch(Instant now) {
        AwsCredentialsIdentity identity;
        try {
            identity = awsCredentials.resolveIdentity().join();
        } catch (java.util.concurrent.CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new CredentialException("no AWS credentials from " + credentialsDescription + ": "
                    + firstLine(cause.getMessage()), cause);
        } catch (SdkException e) {
            throw new CredentialException("no AWS credentials from " + credentialsDescription + ": "
                    + firstLine(e.getMessage()), e);
        }
        RdsIamTokenGenerator.Token token = generator.generate(username, identity);
        Instant expiresAt = token.expiresAt();
        if (identity.expirationTime().isPresent() && identity.expirationTime().get().isBefore(expiresAt)) {
            expiresAt = identity.expirationTime().get();
        }
        Instant refreshAfter = expiresAt.minus(REFRESH_MARGIN);
        if (!refreshAfter.isAfter(now)) {
            refreshAfter = now;
        }
        return new Fetched(new DatabaseCredentials(username, token.value(), expiresAt), refreshAfter);
    }

    @Override
    public String description() {
        return "RDS IAM token for " + generator.host() + ":" + generator.port() + " in " + generator.region()
                + " (AWS credentials: " + credentialsDescription + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown cause";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
