package dev.pgmcp.auth.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

class BundledRdsCaTest {

    @Test
    void theBundleHoldsCurrentAmazonRdsRootCasForEveryKeyType() throws Exception {
        Collection<? extends java.security.cert.Certificate> certificates;
        try (InputStream in = Files.newInputStream(IamTls.bundledRdsCa())) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        assertThat(certificates).hasSize(87);
        List<X509Certificate> roots = certificates.stream().map(X509Certificate.class::cast).toList();
        for (X509Certificate root : roots) {
            assertThat(root.getSubjectX500Principal().getName()).contains("OU=Amazon RDS")
                    .contains("O=Amazon Web Services\\, Inc.");
            assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
            assertThat(root.getBasicConstraints()).isNotNegative();
            root.verify(root.getPublicKey());
            assertThat(root.getNotAfter()).isAfter(new Date());
        }
        assertThat(roots).extracting(r -> r.getSubjectX500Principal().getName())
                .anyMatch(n -> n.contains("CN=Amazon RDS eu-west-1 Root CA RSA2048 G1"))
                .anyMatch(n -> n.contains("CN=Amazon RDS us-east-1 Root CA ECC384 G1"))
                .anyMatch(n -> n.contains("CN=Amazon RDS us-east-1 Root CA RSA4096 G1"));
    }
}
