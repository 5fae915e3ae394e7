package dev.pgmcp.auth.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.auth.AuthConfig;
import dev.pgmcp.auth.AuthMode;
import dev.pgmcp.auth.FakeAws;
import dev.pgmcp.auth.FakeAws.Response;
import dev.pgmcp.auth.TlsCluster;
import dev.pgmcp.auth.file.PasswordFileCredentialProvider;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.connection.DatabasePool;
import dev.pgmcp.core.connection.PoolOptions;
import dev.pgmcp.core.credentials.CredentialException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation of a SCRAM password, picked up from AWS Secrets Manager (a loopback fake) or a password file. */
class PasswordRotationTest {

    static TlsCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = TlsCluster.start();
        cluster.sql("CREATE ROLE rotating_user LOGIN PASSWORD 'first-secret'");
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "secret-for-the-fake");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (cluster != null) {
            cluster.close();
        }
    }

    static ConnectionSettings settings() {
        return cluster.settings("rotating_user", "localhost", "sslmode=verify-full&sslrootcert="
                + TlsCluster.resource("ca.crt"));
    }

    static FakeAws secretsManager(AtomicReference<String> secretString) {
        return new FakeAws(r -> "secretsmanager.GetSecretValue".equals(r.header("X-Amz-Target"))
                && r.body().contains("\"SecretId\":\"prod/pgmcp\"")
                && r.header("Authorization") != null && r.header("Authorization").contains("Credential=AKIDEXAMPLE/")
                ? Response.ok("application/x-amz-json-1.1", "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:123456789012:"
                        + "secret:prod/pgmcp-AbCdEf\",\"Name\":\"prod/pgmcp\",\"VersionId\":\"v1\",\"SecretString\":"
                        + quote(secretString.get()) + "}")
                : new Response(400, "application/x-amz-json-1.1",
                        "{\"__type\":\"ResourceNotFoundException\",\"message\":\"no such secret\"}"));
    }

    static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static AuthConfig secretsConfig(FakeAws fake, String secretId) {
        return new AuthConfig(AuthMode.SECRETS_MANAGER, "eu-west-1", null, null, secretId, "user", "pass",
                Duration.ofHours(1), null, fake.uri());
    }

    /**
     * One connection, so that no background fill of the pool opens a connection between the
     * database's rotation and the secret's: the retry counts below then depend on nothing but the code.
     */
    private static final PoolOptions ONE_CONNECTION = new PoolOptions(1, PoolOptions.DEFAULTS.connectionTimeout(),
            PoolOptions.DEFAULTS.maxLifetime(), PoolOptions.DEFAULTS.idleTimeout());

    @Test
    void secretsManagerRotationIsPickedUpByTheRetry() throws Exception {
        cluster.sql("ALTER ROLE rotating_user PASSWORD 'first-secret'");
        AtomicReference<String> secret = new AtomicReference<>("{\"user\":\"rotating_user\",\"pass\":\"first-secret\"}");
        try (FakeAws fake = secretsManager(secret)) {
            AuthConfig.Applied applied = secretsConfig(fake, "prod/pgmcp").apply(settings());
            SecretsManagerCredentialProvider provider = (SecretsManagerCredentialProvider) applied.provider();
            try (DatabasePool pool = DatabasePool.open(applied.settings(), provider, ONE_CONNECTION)) {
                Connection established = pool.borrow();
                cluster.sql("ALTER ROLE rotating_user PASSWORD 'second-secret'");
                secret.set("{\"user\":\"rotating_user\",\"pass\":\"second-secret\"}");
                pool.evict(established);
                established.close();
                try (Connection fresh = pool.borrow()) {
                    assertThat(fresh.isValid(2)).isTrue();
                }
                assertThat(pool.physicalConnections().authenticationRetries()).isEqualTo(1);
                assertThat(provider.refreshCount()).isEqualTo(2);
                assertThat(fake.requests()).hasSize(2);
            } finally {
                provider.close();
            }
        }
    }

    @Test
    void aMissingSecretOrKeyIsAClearErrorWithoutTheSecret() {
        AtomicReference<String> secret = new AtomicReference<>("{\"username\":\"rotating_user\",\"password\":\"xyz-hidden\"}");
        try (FakeAws fake = secretsManager(secret)) {
            SecretsManagerCredentialProvider wrongKeys = (SecretsManagerCredentialProvider) secretsConfig(fake, "prod/pgmcp")
                    .apply(settings()).provider();
            assertThatThrownBy(wrongKeys::credentials).isInstanceOf(CredentialException.class)
                    .hasMessage("secret prod/pgmcp has no string key \"pass\"");
            SecretsManagerCredentialProvider missing = (SecretsManagerCredentialProvider) secretsConfig(fake, "nosuch")
                    .apply(settings()).provider();
            assertThatThrownBy(missing::credentials).isInstanceOf(CredentialException.class)
                    .hasMessageStartingWith("cannot read secret nosuch from AWS Secrets Manager: no such secret")
                    .hasMessageNotContaining("xyz-hidden");
            wrongKeys.close();
            missing.close();
        }
    }

    @Test
    void aRotatedPasswordFileIsReadForTheNextConnection(@TempDir Path dir) throws Exception {
        cluster.sql("ALTER ROLE rotating_user PASSWORD 'file-secret-1'");
        Path file = Files.writeString(dir.resolve("password"), "file-secret-1\n");
        AuthConfig config = new AuthConfig(AuthMode.STATIC, null, null, null, null, null, null, null, file, null);
        PasswordFileCredentialProvider provider = (PasswordFileCredentialProvider) config.apply(settings()).provider();
        try (DatabasePool pool = DatabasePool.open(settings(), provider, ONE_CONNECTION)) {
            Connection established = pool.borrow();
            cluster.sql("ALTER ROLE rotating_user PASSWORD 'file-secret-2'");
            Files.writeString(file, "file-secret-2\n");
            pool.evict(established);
            established.close();
            try (Connection fresh = pool.borrow()) {
                assertThat(fresh.isValid(2)).isTrue();
            }
            assertThat(pool.physicalConnections().authenticationRetries()).isZero();
            assertThat(provider.changeCount()).isEqualTo(1);
        }
        Files.delete(file);
        assertThatThrownBy(provider::credentials).isInstanceOf(CredentialException.class)
                .hasMessage("password file " + file + " does not exist");
    }
}
