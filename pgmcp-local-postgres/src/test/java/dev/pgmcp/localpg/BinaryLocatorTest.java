package dev.pgmcp.localpg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryLocatorTest {

    @TempDir
    Path tmp;

    private Path fakeBinDir(Path dir) throws Exception {
        Files.createDirectories(dir);
        for (String name : new String[] {"initdb", "pg_ctl", "postgres"}) {
            Path f = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir;
    }

    @Test
    void environmentVariableWins() throws Exception {
        Path own = fakeBinDir(tmp.resolve("own"));
        Path debian = tmp.resolve("debian");
        fakeBinDir(debian.resolve("16/bin"));
        assertThat(BinaryLocator.find(Map.of(BinaryLocator.BIN_ENV, own.toString()), debian)).contains(own);
    }

    @Test
    void highestDebianVersionFirstAndInvalidEnvironmentIsSkipped() throws Exception {
        Path debian = tmp.resolve("debian");
        fakeBinDir(debian.resolve("9.6/bin"));
        fakeBinDir(debian.resolve("16/bin"));
        fakeBinDir(debian.resolve("13/bin"));
        Files.createDirectories(debian.resolve("17/bin")); // incomplete: skipped
        Map<String, String> env = Map.of(BinaryLocator.BIN_ENV, tmp.resolve("nothing-here").toString(), "PATH", "");
        assertThat(BinaryLocator.find(env, debian)).contains(debian.resolve("16/bin"));
    }

    @Test
    void fallsBackToInitdbOnPath() throws Exception {
        Path bin = fakeBinDir(tmp.resolve("usr/local/bin"));
        assertThat(BinaryLocator.find(Map.of("PATH", "/nonexistent:" + bin), tmp.resolve("none")))
                .contains(bin.toRealPath());
    }

    @Test
    void emptyWhenNothingIsFound() {
        assertThat(BinaryLocator.find(Map.of("PATH", tmp.toString()), tmp.resolve("none"))).isEmpty();
    }
}
