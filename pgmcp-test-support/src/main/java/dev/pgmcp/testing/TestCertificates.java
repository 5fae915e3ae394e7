package dev.pgmcp.testing;

import dev.pgmcp.localpg.LocalPostgresCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * TLS material made fresh for a test with {@code openssl}: a CA, a second CA that signed nothing the
 * server presents, a server certificate for {@code localhost} (and no other name) signed by the CA,
 * and a client certificate signed by the CA with its key in PKCS#8 DER, as pgjdbc reads it. Aborts
 * (skips) the calling test when openssl is not installed.
 */
public final class TestCertificates {

    private final Path dir;
    private final String clientName;

    private TestCertificates(Path dir, String clientName) {
        this.dir = dir;
        this.clientName = clientName;
    }

    /**
     * Makes the files in {@code dir}.
     *
     * @param clientName the client certificate's common name, the role a {@code cert} login becomes
     */
    public static TestCertificates create(Path dir, String clientName) {
        TestCertificates tls = new TestCertificates(dir, clientName);
        Assumptions.assumeTrue(tls.openssl("version"), "openssl is needed to make the test certificates");
        try {
            Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String ca : List.of("ca", "other-ca")) {
            tls.require("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".crt",
                    "-days", "2", "-subj", "/CN=pgmcp test " + ca, "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        }
        tls.require("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=localhost");
        tls.require("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
        tls.require("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                "-subj", "/CN=" + clientName);
        tls.require("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "client.crt", "-days", "2");
        tls.require("pkcs8", "-topk8", "-inform", "PEM", "-outform", "DER", "-nocrypt", "-in", "client.key",
                "-out", "client.pk8");
        return tls;
    }

    /**
     * Cluster options for a server with TLS on, presenting {@link #serverCertificate()} and accepting
     * client certificates signed by the CA; add the {@code pg_hba.conf} lines the test needs.
     */
    public LocalPostgresCluster.Options.Builder serverOptions() {
        return LocalPostgresCluster.Options.builder()
                .setting("ssl", "on")
                .setting("ssl_cert_file", "server.crt")
                .setting("ssl_key_file", "server.key")
                .setting("ssl_ca_file", "ca.crt")
                .copyIntoDataDirectory(serverCertificate(), "server.crt")
                .copyIntoDataDirectory(dir.resolve("server.key"), "server.key")
                .copyIntoDataDirectory(caCertificate(), "ca.crt");
    }

    /** The CA that signed the server and client certificates, for {@code sslrootcert}. */
    public Path caCertificate() {
        return dir.resolve("ca.crt");
    }

    /** A CA that signed nothing the server presents: verifying against it must fail. */
    public Path otherCaCertificate() {
        return dir.resolve("other-ca.crt");
    }

    public Path serverCertificate() {
        return dir.resolve("server.crt");
    }

    /** The client certificate, for {@code sslcert}; its common name is the role it logs in as. */
    public Path clientCertificate() {
        return dir.resolve("client.crt");
    }

    /** The client key in PKCS#8 DER, for {@code sslkey}. */
    public Path clientKey() {
        return dir.resolve("client.pk8");
    }

    public String clientName() {
        return clientName;
    }

    private void require(String... arguments) {
        if (!openssl(arguments)) {
            String log;
            try {
                log = Files.readString(dir.resolve("openssl.log"), StandardCharsets.UTF_8);
            } catch (IOException e) {
                log = e.toString();
            }
            throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: " + log);
        }
    }

    private boolean openssl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
