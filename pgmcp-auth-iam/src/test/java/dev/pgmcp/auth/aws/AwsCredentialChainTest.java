package dev.pgmcp.auth.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.auth.FakeAws;
import dev.pgmcp.auth.FakeAws.Response;
import dev.pgmcp.auth.rds.RdsIamCredentialProvider;
import dev.pgmcp.auth.rds.RdsIamTokenGenerator;
import dev.pgmcp.core.credentials.CredentialException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The default AWS credential chain against fake endpoints on loopback. The build points the AWS
 * config files nowhere, removes AWS_* variables and disables the real instance metadata service.
 */
class AwsCredentialChainTest {

    private final Map<String, String> saved = new HashMap<>();

    private void set(String name, String value) {
        saved.putIfAbsent(name, System.getProperty(name));
        System.setProperty(name, value);
    }

    @AfterEach
    void restore() {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    static String expiration() {
        return Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    @Test
    void instanceRoleThroughImdsV2() {
        String metadataToken = "imds-session-token-1";
        try (FakeAws imds = new FakeAws(r -> {
            if (r.method().equals("PUT") && r.path().equals("/latest/api/token")) {
                return r.header("X-aws-ec2-metadata-token-ttl-seconds") == null ? new Response(400, "text/plain", "")
                        : Response.ok("text/plain", metadataToken);
            }
            if (!metadataToken.equals(r.header("X-aws-ec2-metadata-token"))) {
                return new Response(401, "text/plain", "");
            }
            if (r.path().matches("/latest/meta-data/iam/security-credentials(-extended)?/")) {
                return Response.ok("text/plain", "pgmcp-role");
            }
            if (r.path().matches("/latest/meta-data/iam/security-credentials(-extended)?/pgmcp-role")) {
                return Response.ok("application/json", "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\","
                        + "\"AccessKeyId\":\"ASIAIMDSEXAMPLE\",\"SecretAccessKey\":\"imds-secret\","
                        + "\"Token\":\"imds-session\",\"Expiration\":\"" + expiration() + "\"}");
            }
            return new Response(404, "text/plain", "");
        })) {
            set("aws.disableEc2Metadata", "false");
            set("aws.ec2MetadataServiceEndpoint", imds.uri().toString());
            AwsCredentials credentials = AwsCredentialSources.of(null).resolveCredentials();
            assertThat(credentials.accessKeyId()).isEqualTo("ASIAIMDSEXAMPLE");
            assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo("imds-session");
            assertThat(imds.requests().get(0).method()).isEqualTo("PUT");
        }
    }

    @Test
    void containerCredentialsForEcsAndEksPodIdentity() {
        try (FakeAws agent = new FakeAws(r -> "pod-identity-token".equals(r.header("Authorization"))
                ? Response.ok("application/json", "{\"AccessKeyId\":\"ASIACONTAINER\",\"SecretAccessKey\":\"s\","
                        + "\"Token\":\"container-session\",\"Expiration\":\"" + expiration() + "\"}")
                : new Response(403, "text/plain", ""))) {
            set("aws.containerCredentialsFullUri", agent.uri() + "/v1/credentials");
            set("aws.containerAuthorizationToken", "pod-identity-token");
            AwsCredentials credentials = AwsCredentialSources.of(null).resolveCredentials();
            assertThat(credentials.accessKeyId()).isEqualTo("ASIACONTAINER");
            assertThat(agent.requests()).extracting(FakeAws.Request::path).contains("/v1/credentials");
        }
    }

    @Test
    void webIdentityForEksIrsaThroughSts(@TempDir Path dir) throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), "eyJ.fake.jwt");
        try (FakeAws sts = new FakeAws(r -> r.body().contains("Action=AssumeRoleWithWebIdentity")
                && r.body().contains("WebIdentityToken=eyJ.fake.jwt")
                ? Response.ok("text/xml", "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                        + "2011-06-15/\"><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIAWEBIDENTITY"
                        + "</AccessKeyId><SecretAccessKey>w</SecretAccessKey><SessionToken>web-session</SessionToken>"
                        + "<Expiration>" + expiration() + "</Expiration></Credentials></AssumeRoleWithWebIdentityResult>"
                        + "<ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                        + "</AssumeRoleWithWebIdentityResponse>")
                : new Response(400, "text/plain", "unexpected"))) {
            set("aws.webIdentityTokenFile", tokenFile.toString());
            set("aws.roleArn", "arn:aws:iam::123456789012:role/pgmcp");
            set("aws.roleSessionName", "pgmcp-test");
            set("aws.region", "eu-west-1");
            set("aws.endpointUrlSts", sts.uri().toString());
            AwsCredentials credentials = AwsCredentialSources.of(null).resolveCredentials();
            assertThat(credentials.accessKeyId()).isEqualTo("ASIAWEBIDENTITY");
            // The IAM provider signs with the session credentials from the chain.
            RdsIamCredentialProvider provider = new RdsIamCredentialProvider("reader",
                    new RdsIamTokenGenerator("db.example", 5432, "eu-west-1", Clock.systemUTC()),
                    AwsCredentialSources.of(null), "the default AWS credential chain", Clock.systemUTC());
            String token = provider.credentials().password();
            assertThat(token).contains("X-Amz-Credential=ASIAWEBIDENTITY%2F").contains("X-Amz-Security-Token=web-session");
        }
    }

    @Test
    void noCredentialsAnywhereIsAClearError() {
        RdsIamCredentialProvider provider = new RdsIamCredentialProvider("reader",
                new RdsIamTokenGenerator("db.example", 5432, "eu-west-1", Clock.systemUTC()),
                AwsCredentialSources.of(null), "the default AWS credential chain", Clock.systemUTC());
        assertThatThrownBy(provider::credentials).isInstanceOf(CredentialException.class)
                .hasMessageStartingWith("no AWS credentials from the default AWS credential chain: ")
                .hasMessageNotContaining("\n");
        assertThat(provider.failureCount()).isEqualTo(1);
    }

    @Test
    void aNamedProfileThatDoesNotExistIsAClearError() {
        RdsIamCredentialProvider provider = new RdsIamCredentialProvider("reader",
                new RdsIamTokenGenerator("db.example", 5432, "eu-west-1", Clock.systemUTC()),
                AwsCredentialSources.of("nosuch"), AwsCredentialSources.describe("nosuch"), Clock.systemUTC());
        assertThatThrownBy(provider::credentials).isInstanceOf(CredentialException.class)
                .hasMessageContaining("AWS profile nosuch");
    }
}
