package dev.pgmcp.server.http;

import dev.pgmcp.testing.JarLicenseFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The runnable jar carries pgmcp's licence and one NOTICE merged from its own and the bundled libraries'. */
class LicenseFilesIT {

    @Test
    void jarCarriesTheLicenceAndTheMergedNotice() throws Exception {
        JarLicenseFiles.assertCarriesLicenseAndNotice(HttpProcess.JAR, Path.of("../LICENSE"));
    }
}
