package dev.pgmcp.server.http.jetty;

import dev.pgmcp.server.common.ConfigurationException;
import dev.pgmcp.server.http.HttpSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Turns the TLS options into Jetty's SSL context factory; bad files fail with a clear message. */
final class TlsKeyStores {

    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] IN_MEMORY_PASSWORD = "pgmcp".toCharArray();

    private TlsKeyStores() {
    }

    static SslContextFactory.Server sslContextFactory(HttpSettings.Tls tls) {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        if (tls.keyStore() != null) {
            KeyStore store = loadKeyStore(tls.keyStore(), tls.keyStorePassword());
            factory.setKeyStore(store);
            factory.setKeyStorePassword(new String(tls.keyStorePassword()));
        } else {
            factory.setKeyStore(fromPem(tls.certificate(), tls.privateKey()));
            factory.setKeyStorePassword(new String(IN_MEMORY_PASSWORD));
        }
        return factory;
    }

    private static KeyStore loadKeyStore(Path file, char[] password) {
        String type = file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        try {
            KeyStore store = KeyStore.getInstance(type);
            try (var in = Files.newInputStream(file)) {
                store.load(in, password);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("cannot read --tls-keystore " + file + " as " + type + ": "
                    + e.getMessage() + " (wrong password or not a key store?)");
        }
    }

    static KeyStore fromPem(Path certificateFile, Path keyFile) {
        Collection<? extends Certificate> chain;
        try (var in = Files.newInputStream(certificateFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("--tls-cert " + certificateFile
                    + " holds no readable PEM certificate: " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new ConfigurationException("--tls-cert " + certificateFile + " holds no PEM certificate");
        }
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("pgmcp", key, IN_MEMORY_PASSWORD, chain.toArray(new Certificate[0]));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("--tls-key does not match --tls-cert: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path keyFile) {
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigurationException("cannot read --tls-key " + keyFile + ": " + e.getMessage());
        }
        Matcher m = PRIVATE_KEY.matcher(pem);
        if (!m.find()) {
            throw new ConfigurationException("--tls-key " + keyFile + " holds no unencrypted PKCS#8 key "
                    + "(-----BEGIN PRIVATE KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1).getBytes(StandardCharsets.US_ASCII));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new ConfigurationException("--tls-key " + keyFile + " is not an RSA, EC or Ed25519 key");
    }

}
