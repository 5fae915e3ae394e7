package dev.pgmcp.auth.rds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Makes RDS IAM authentication tokens: a SigV4 presigned {@code GET
 * https://host:port/?Action=connect&DBUser=user} for the service {@code rds-db}, valid 15 minutes,
 * without the {@code https://} prefix. Made offline, with the same signature as the SDK's
 * {@code RdsUtilities}, but with an injectable clock.
 */
public final class RdsIamTokenGenerator {

    /** How long RDS accepts a token for new connections. */
    public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String host;
    private final int port;
    private final String region;
    private final Clock clock;

    /**
     * @param host   the host name the token is signed for: the real RDS endpoint, even through a tunnel
     * @param port   its port
     * @param region the AWS region of the database
     * @param clock  the signing clock
     */
    public RdsIamTokenGenerator(String host, int port, String region, Clock clock) {
        this.host = requireText(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
        this.port = port;
        this.region = requireText(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token for {@code user} signed with {@code credentials} at the clock's current instant. */
    public Token generate(String user, AwsCredentialsIdentity credentials) {
        Instant signedAt = clock.instant();
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .port(port)
                .encodedPath("/")
                .putRawQueryParameter("DBUser", requireText(user, "user"))
                .putRawQueryParameter("Action", "connect")
                .build();
        Clock fixed = Clock.fixed(signedAt, java.time.ZoneOffset.UTC);
        SignedRequest signed = signer.sign(r -> r.identity(credentials)
                .request(request)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "rds-db")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, TOKEN_LIFETIME)
                .putProperty(HttpSigner.SIGNING_CLOCK, fixed));
        String uri = signed.request().getUri().toString();
        String token = uri.substring("https://".length());
        return new Token(token, signedAt, signedAt.plus(TOKEN_LIFETIME));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String region() {
        return region;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    /**
     * A token and its validity. {@link #toString()} does not show the token.
     *
     * @param value     the token, used as the password
     * @param signedAt  when it was signed
     * @param expiresAt when RDS stops accepting it for new connections
     */
    public record Token(String value, Instant signedAt, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token[signedAt=" + signedAt + ", expiresAt=" + expiresAt + "]";
        }
    }
}
