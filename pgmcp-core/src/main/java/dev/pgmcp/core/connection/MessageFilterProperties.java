package dev.pgmcp.core.connection;

import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The pgjdbc properties that put a {@link BackendMessageFilter} on every transport the driver
 * reads PostgreSQL's messages from: plain TCP ({@code socketFactory}), TLS ({@code sslfactory},
 * whichever factory the connection names) and, since GSS encryption cannot be filtered, GSS
 * encryption off unless the connection asks for it.
 */
final class MessageFilterProperties {

    /** The factory the connection named as {@code sslfactory}, for {@link BoundedSslSocketFactory}. */
    static final String DELEGATE_FACTORY = "pgmcp.sslfactory";
    /** The connection's {@code sslfactoryarg}, passed on to its factory. */
    static final String DELEGATE_FACTORY_ARG = "pgmcp.sslfactoryarg";

    /** Names under which pgjdbc takes its own default TLS factory. */
    private static final Set<String> DEFAULT_FACTORIES = Set.of("org.postgresql.ssl.LibPQFactory",
            "org.postgresql.ssl.jdbc4.LibPQFactory", BoundedLibPQFactory.class.getName(),
            BoundedSslSocketFactory.class.getName());

    private MessageFilterProperties() {
    }

    /** Sets the filtering factories in {@code properties}, keeping a TLS factory the connection named. */
    static void apply(Properties properties) {
        properties.setProperty("socketFactory", BoundedErrorSocketFactory.class.getName());
        properties.remove("socketFactoryArg");
        String named = properties.getProperty("sslfactory");
        String arg = properties.getProperty("sslfactoryarg");
        properties.remove(DELEGATE_FACTORY);
        properties.remove(DELEGATE_FACTORY_ARG);
        if (named == null || DEFAULT_FACTORIES.contains(named)) {
            properties.setProperty("sslfactory", BoundedLibPQFactory.class.getName());
        } else {
            properties.setProperty(DELEGATE_FACTORY, named);
            if (arg != null) {
                properties.setProperty(DELEGATE_FACTORY_ARG, arg);
            }
            properties.setProperty("sslfactory", BoundedSslSocketFactory.class.getName());
        }
        // pgjdbc's default (allow) never asks for GSS encryption; disable says so, whatever a later default is.
        if (properties.getProperty("gssEncMode") == null) {
            properties.setProperty("gssEncMode", "disable");
        }
    }

    /** A warning when the connection asks for GSS encryption, on which error messages are not cut. */
    static Optional<String> warning(java.util.Map<String, String> driverProperties) {
        String mode = driverProperties.get("gssEncMode");
        if (mode == null) {
            return Optional.empty();
        }
        mode = mode.toLowerCase(Locale.ROOT);
        if (!mode.equals("prefer") && !mode.equals("require")) {
            return Optional.empty();
        }
        return Optional.of("gssEncMode=" + mode + ": on a GSS-encrypted connection pgmcp cannot cut error messages "
                + "before the driver reads them (pgjdbc decrypts GSS inside its own stream), so one huge error can "
                + "exhaust the heap; use TLS instead (sslmode=verify-full, with gssEncMode=disable), where pgmcp cuts "
                + "them (see docs/read-only-guarantee.md)");
    }
}
