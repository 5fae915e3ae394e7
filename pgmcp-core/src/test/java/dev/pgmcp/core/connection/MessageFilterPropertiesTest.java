package dev.pgmcp.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Which factories pgjdbc is given; TlsMessageBoundsTest runs them against a TLS server. */
class MessageFilterPropertiesTest {

    private static Properties applied(Map<String, String> connection) {
        Properties properties = new Properties();
        properties.putAll(connection);
        MessageFilterProperties.apply(properties);
        return properties;
    }

    @Test
    void filtersPlainAndTlsSocketsAndTurnsGssEncryptionOff() {
        Properties properties = applied(Map.of("sslmode", "verify-full"));
        assertThat(properties.getProperty("socketFactory")).isEqualTo(BoundedErrorSocketFactory.class.getName());
        assertThat(properties.getProperty("sslfactory")).isEqualTo(BoundedLibPQFactory.class.getName());
        assertThat(properties.getProperty("gssEncMode")).isEqualTo("disable");
        assertThat(properties.getProperty(MessageFilterProperties.DELEGATE_FACTORY)).isNull();
    }

    @Test
    void keepsTheConnectionsOwnTlsFactoryBehindTheFilter() {
        Properties properties = applied(Map.of("sslfactory", "org.postgresql.ssl.SingleCertValidatingFactory",
                "sslfactoryarg", "file:/etc/ca.pem"));
        assertThat(properties.getProperty("sslfactory")).isEqualTo(BoundedSslSocketFactory.class.getName());
        assertThat(properties.getProperty(MessageFilterProperties.DELEGATE_FACTORY))
                .isEqualTo("org.postgresql.ssl.SingleCertValidatingFactory");
        assertThat(properties.getProperty(MessageFilterProperties.DELEGATE_FACTORY_ARG)).isEqualTo("file:/etc/ca.pem");
        // pgjdbc's own default, under either of its names, is the filtered LibPQFactory.
        assertThat(applied(Map.of("sslfactory", "org.postgresql.ssl.jdbc4.LibPQFactory")).getProperty("sslfactory"))
                .isEqualTo(BoundedLibPQFactory.class.getName());
        // Naming pgmcp's own wrapper cannot make it wrap itself.
        assertThat(applied(Map.of("sslfactory", BoundedSslSocketFactory.class.getName())).getProperty("sslfactory"))
                .isEqualTo(BoundedLibPQFactory.class.getName());
    }

    @Test
    void warnsWhenTheConnectionAsksForGssEncryption() {
        ConnectionResolver resolver = new ConnectionResolver(Map.of(), Path.of("/nonexistent"), "nobody");
        for (String mode : new String[] {"prefer", "require"}) {
            ConnectionSettings settings = resolver.resolveJdbcUrl("jdbc:postgresql://db/app?gssEncMode=" + mode);
            assertThat(settings.messageBoundWarning()).hasValueSatisfying(w -> assertThat(w)
                    .contains("gssEncMode=" + mode).contains("cannot cut error messages").contains("sslmode=verify-full"));
            assertThat(applied(settings.driverProperties()).getProperty("gssEncMode")).isEqualTo(mode);
        }
        assertThat(resolver.resolveJdbcUrl("jdbc:postgresql://db/app?gssEncMode=disable").messageBoundWarning()).isEmpty();
        assertThat(resolver.resolve("postgresql://db/app?sslmode=verify-full").messageBoundWarning()).isEmpty();
    }
}
