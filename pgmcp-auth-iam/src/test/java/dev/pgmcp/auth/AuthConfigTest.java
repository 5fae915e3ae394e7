package dev.pgmcp.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.connection.ConnectionConfigException;
import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthConfigTest {

    static ConnectionSettings resolve(String url) {
        return new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "nobody").resolve(url);
    }

    static AuthConfig iam(String region, String signingHost) {
        return new AuthConfig(AuthMode.RDS_IAM, region, null, signingHost, null, null, null, null, null, null);
    }

    @Test
    void iamTakesTheRegionFromTheEndpointAndSignsForIt() {
        AuthConfig.Applied applied = iam(null, null).apply(resolve(
                "postgresql://reader@app.cluster-ro-x1.ap-southeast-2.rds.amazonaws.com:5433/app"));
        assertThat(applied.provider().description()).startsWith(
                "RDS IAM token for app.cluster-ro-x1.ap-southeast-2.rds.amazonaws.com:5433 in ap-southeast-2");
        assertThat(applied.settings().sslMode()).isEqualTo("verify-full");
        assertThat(applied.tlsSummary()).isEqualTo("sslmode=verify-full with the bundled Amazon RDS CA");
    }

    @Test
    void anExplicitSigningHostAndRegionWinForTunnels() {
        AuthConfig.Applied applied = iam("eu-central-1", "db.abc.eu-west-1.rds.amazonaws.com:5432")
                .apply(resolve("postgresql://reader@localhost:15432/app?sslmode=verify-ca&sslrootcert=/etc/ca.pem"));
        assertThat(applied.provider().description())
                .startsWith("RDS IAM token for db.abc.eu-west-1.rds.amazonaws.com:5432 in eu-central-1");
        assertThat(applied.tlsSummary()).isEqualTo("sslmode=verify-ca with sslrootcert /etc/ca.pem");
    }

    @Test
    void iamRefusesAmbiguousOrContradictorySettings() {
        assertThatThrownBy(() -> iam("eu-west-1", null).apply(resolve("postgresql://reader@h1,h2/app")))
                .isInstanceOf(ConnectionConfigException.class).hasMessageContaining("--iam-signing-host");
        assertThatThrownBy(() -> iam("eu-west-1", null).apply(resolve("postgresql://reader:pw@h1/app")))
                .isInstanceOf(ConnectionConfigException.class)
                .hasMessageContaining("a password was also given in the connection string");
        assertThatThrownBy(() -> iam(null, "h:notaport")).isInstanceOf(ConnectionConfigException.class)
                .hasMessageContaining("invalid --iam-signing-host");
        assertThatThrownBy(() -> new AuthConfig(AuthMode.SECRETS_MANAGER, null, null, null, null, null, null, null,
                null, null)).isInstanceOf(ConnectionConfigException.class).hasMessageContaining("--secret-id");
        assertThatThrownBy(() -> new AuthConfig(AuthMode.STATIC, "eu-west-1", null, null, null, null, null, null,
                null, null)).isInstanceOf(ConnectionConfigException.class).hasMessageContaining("--aws-region");
    }

    @Test
    void iamWithMultipleHostsWorksWithAnExplicitSigningHost() {
        AuthConfig.Applied applied = iam(null, "proxy.proxy-abc.us-east-1.rds.amazonaws.com:5432")
                .apply(resolve("postgresql://reader@r1,r2/app?target_session_attrs=prefer-standby"));
        assertThat(applied.settings().hosts()).containsExactly("r1", "r2");
        assertThat(applied.settings().driverProperties()).containsEntry("targetServerType", "preferSecondary");
    }

    @Test
    void authModesParse() {
        assertThat(AuthMode.parse("rds-iam")).isEqualTo(AuthMode.RDS_IAM);
        assertThatThrownBy(() -> AuthMode.parse("kerberos")).hasMessageContaining("expected static, rds-iam or secrets-manager");
    }

    @Test
    void aMatchingPgpassLineIsIgnoredInIamMode(@org.junit.jupiter.api.io.TempDir Path home) throws Exception {
        Path pgpass = java.nio.file.Files.writeString(home.resolve(".pgpass"), "*:*:*:*:not-a-token\n");
        java.nio.file.Files.setPosixFilePermissions(pgpass, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ConnectionSettings settings = new ConnectionResolver(Map.of(), home, "nobody")
                .resolve("postgresql://reader@db.abc.eu-west-1.rds.amazonaws.com/app");
        assertThat(settings.password()).isEqualTo("not-a-token");
        assertThat(iam(null, null).apply(settings).provider().description()).startsWith("RDS IAM token for");
        assertThatThrownBy(() -> iam(null, null).apply(new ConnectionResolver(Map.of("PGPASSWORD", "pw"), home, "nobody")
                .resolve("postgresql://reader@db.abc.eu-west-1.rds.amazonaws.com/app")))
                .isInstanceOf(ConnectionConfigException.class).hasMessageContaining("given in PGPASSWORD");
    }
}
