package dev.pgmcp.core.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionResolverTest {

    @TempDir
    Path home;

    private ConnectionResolver resolver(Map<String, String> env) {
        return new ConnectionResolver(env, home, "osuser");
    }

    @Test
    void defaultsLikePsql() {
        ConnectionSettings s = resolver(Map.of()).resolve(null);
        assertThat(s.hosts()).containsExactly("localhost");
        assertThat(s.ports()).containsExactly(5432);
        assertThat(s.user()).isEqualTo("osuser");
        assertThat(s.database()).isEqualTo("osuser");
        assertThat(s.password()).isNull();
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/osuser");
        assertThat(s.driverProperties()).containsEntry("ApplicationName", "pgmcp");
    }

    @Test
    void readsAUriWithEncodedPartsMultipleHostsAndParameters() {
        ConnectionSettings s = resolver(Map.of()).resolve(
                "postgresql://read%40er:p%3Ass@db1:5433,[::1]:5434/my%20db?sslmode=verify-full"
                        + "&application_name=agent&target_session_attrs=read-only&connect_timeout=7");
        assertThat(s.user()).isEqualTo("read@er");
        assertThat(s.password()).isEqualTo("p:ss");
        assertThat(s.passwordSource()).isEqualTo("the connection string");
        assertThat(s.hosts()).containsExactly("db1", "::1");
        assertThat(s.ports()).containsExactly(5433, 5434);
        assertThat(s.database()).isEqualTo("my db");
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:postgresql://db1:5433,[::1]:5434/my%20db");
        assertThat(s.driverProperties()).containsEntry("sslmode", "verify-full").containsEntry("ApplicationName", "agent")
                .containsEntry("targetServerType", "secondary").containsEntry("connectTimeout", "7");
        assertThat(s.toString()).doesNotContain("p:ss");
        assertThat(s.describe()).doesNotContain("p:ss");
    }

    @Test
    void readsKeyValueStrings() {
        ConnectionSettings s = resolver(Map.of()).resolve("host=db port=6000 dbname='my app' user=reader "
                + "password='it\\'s' sslmode=require");
        assertThat(s.hosts()).containsExactly("db");
        assertThat(s.ports()).containsExactly(6000);
        assertThat(s.database()).isEqualTo("my app");
        assertThat(s.password()).isEqualTo("it's");
        assertThat(s.sslMode()).isEqualTo("require");
    }

    @Test
    void environmentFillsWhatTheStringLeavesOpen() {
        Map<String, String> env = Map.of("PGHOST", "envhost", "PGPORT", "7000", "PGUSER", "envuser",
                "PGDATABASE", "envdb", "PGPASSWORD", "envpw", "PGSSLMODE", "verify-ca", "PGAPPNAME", "app");
        ConnectionSettings s = resolver(env).resolve("postgresql://urluser@urlhost");
        assertThat(s.hosts()).containsExactly("urlhost");
        assertThat(s.ports()).containsExactly(7000);
        assertThat(s.user()).isEqualTo("urluser");
        assertThat(s.database()).isEqualTo("envdb");
        assertThat(s.password()).isEqualTo("envpw");
        assertThat(s.passwordSource()).isEqualTo("PGPASSWORD");
        assertThat(s.sslMode()).isEqualTo("verify-ca");
        assertThat(s.driverProperties()).containsEntry("ApplicationName", "app");
    }

    @Test
    void findsThePasswordInPgpass() throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, String.join("\n",
                "# comment",
                "otherhost:5432:*:reader:wrong",
                "db\\:1:5432:app:reader:first:with:colons",
                "*:*:*:reader:fallback"));
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        ConnectionSettings s = resolver(Map.of()).resolve("host=db:1 dbname=app user=reader");
        assertThat(s.password()).isEqualTo("first:with:colons");
        assertThat(s.passwordSource()).isEqualTo(pgpass.toString());
        assertThat(resolver(Map.of()).resolve("host=elsewhere dbname=x user=reader").password()).isEqualTo("fallback");
        assertThat(resolver(Map.of()).resolve("host=elsewhere dbname=x user=nobody").password()).isNull();
    }

    @Test
    void ignoresAPgpassThatOthersCanRead() throws Exception {
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(pgpass, "*:*:*:*:secret\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(resolver(Map.of()).resolve(null).password()).isNull();
    }

    @Test
    void honoursPgpassfile() throws Exception {
        Path file = home.resolve("custom-pass");
        Files.writeString(file, "*:*:*:*:custom\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(resolver(Map.of("PGPASSFILE", file.toString())).resolve(null).password()).isEqualTo("custom");
    }

    @Test
    void readsJdbcUrls() {
        ConnectionSettings s = resolver(Map.of("PGPASSWORD", "pw")).resolveJdbcUrl(
                "jdbc:postgresql://h1:5433,h2/app?user=reader&sslmode=require&tcpKeepAlive=true");
        assertThat(s.hosts()).containsExactly("h1", "h2");
        assertThat(s.ports()).containsExactly(5433, 5432);
        assertThat(s.user()).isEqualTo("reader");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.driverProperties()).containsEntry("sslmode", "require").containsEntry("tcpKeepAlive", "true")
                .doesNotContainKey("user");
    }

    @Test
    void refusesDriverPropertiesTheGuaranteeDependsOn() {
        for (String property : List.of("preferQueryMode=simple", "readOnly=false", "readOnlyMode=ignore",
                "autosave=always", "binaryTransfer=true", "prepareThreshold=5", "maxResultBuffer=1G", "socketFactory=javax.net.DefaultSocketFactory")) {
            assertThatThrownBy(() -> resolver(Map.of()).resolveJdbcUrl("jdbc:postgresql://h/db?" + property))
                    .isInstanceOf(ConnectionConfigException.class).hasMessageContaining("pgmcp sets itself");
        }
    }

    @Test
    void explainsBadInput() {
        ConnectionResolver r = resolver(Map.of());
        assertThatThrownBy(() -> r.resolve("postgresql://h/db?sslmode=sometimes"))
                .hasMessageContaining("invalid sslmode value: \"sometimes\"").hasMessageContaining("verify-full");
        assertThatThrownBy(() -> r.resolve("postgresql://h/db?bogus=1"))
                .hasMessageContaining("unsupported connection parameter \"bogus\"");
        assertThatThrownBy(() -> r.resolve("postgresql://h:99999/db")).hasMessageContaining("invalid port number");
        assertThatThrownBy(() -> r.resolve("host=/var/run/postgresql")).hasMessageContaining("Unix-domain socket");
        assertThatThrownBy(() -> r.resolve("host db")).hasMessageContaining("missing \"=\"");
        assertThatThrownBy(() -> r.resolve("jdbc:postgresql://h/db?password=secret"))
                .hasMessageContaining("--jdbc-url").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> r.resolveJdbcUrl("jdbc:mysql://h/db")).hasMessageContaining("not a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> r.resolve("postgresql://h/db%zz")).hasMessageContaining("percent-encoded");
    }
}
