package dev.pgmcp.localpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresClusterTest {

    @BeforeAll
    static void requireBinaries() {
        assumeTrue(LocalPostgresCluster.findBinaries().isPresent(),
                "No PostgreSQL server binaries on this machine; set PGMCP_PG_BIN or install PostgreSQL");
    }

    @Test
    void startsAcceptsConnectionsAndCloseDeletesTheDataDirectory() throws Exception {
        LocalPostgresCluster pg = LocalPostgresCluster.start();
        Path dataDirectory = pg.dataDirectory();
        try {
            assertThat(pg.host()).isEqualTo("127.0.0.1");
            assertThat(pg.superuser()).isEqualTo("postgres");
            assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres");
            assertThat(dataDirectory).isDirectory();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.superuser(), null);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_user, rolsuper, current_setting('fsync'), "
                         + "current_setting('server_encoding'), current_setting('lc_collate') "
                         + "FROM pg_roles WHERE rolname = current_user")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("postgres");
                assertThat(rs.getBoolean(2)).isTrue();
                assertThat(rs.getString(3)).isEqualTo("off");
                assertThat(rs.getString(4)).isEqualTo("UTF8");
                assertThat(rs.getString(5)).isEqualTo("C");
            }
        } finally {
            pg.close();
        }
        pg.close(); // idempotent
        assertThat(dataDirectory).doesNotExist();
        assertThat(dataDirectory.getParent()).doesNotExist();
    }

    @Test
    void appliesSettingsHbaLinesAndDataFiles(@TempDir Path tmp) throws Exception {
        Path source = Files.writeString(tmp.resolve("note.txt"), "hello");
        LocalPostgresCluster.Options options = LocalPostgresCluster.Options.builder()
                .setting("work_mem", "7MB")
                .setting("application_name", "it's quoted")
                .hbaLine("host all nobody 127.0.0.1/32 reject")
                .copyIntoDataDirectory(source, "extra/note.txt")
                .startupTimeout(Duration.ofSeconds(30))
                .build();
        try (LocalPostgresCluster pg = LocalPostgresCluster.start(options)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.superuser(), null);
                 Statement s = c.createStatement()) {
                s.execute("CREATE ROLE nobody LOGIN");
                ResultSet rs = s.executeQuery("SELECT current_setting('work_mem'), current_setting('application_name')");
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("7MB");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl(), "nobody", null).close())
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("pg_hba.conf rejects");
            Path copied = pg.dataDirectory().resolve("extra/note.txt");
            assertThat(copied).hasContent("hello");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copied))).isEqualTo("rw-------");
        }
    }

    @Test
    void twoClustersRunSideBySide() throws Exception {
        try (LocalPostgresCluster a = LocalPostgresCluster.start();
             LocalPostgresCluster b = LocalPostgresCluster.start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            DriverManager.getConnection(a.jdbcUrl(), a.superuser(), null).close();
            DriverManager.getConnection(b.jdbcUrl(), b.superuser(), null).close();
        }
    }

    @Test
    void failedStartReportsTheServerLog() {
        LocalPostgresCluster.Options broken = LocalPostgresCluster.Options.builder()
                .setting("shared_buffers", "not-a-size")
                .build();
        assertThatThrownBy(() -> LocalPostgresCluster.start(broken))
                .isInstanceOf(ThrowawayPostgresException.class)
                .hasMessageContaining("pg_ctl start failed")
                .hasMessageContaining("last lines of the PostgreSQL server log")
                .hasMessageContaining("shared_buffers");
    }

    @Test
    void explicitBinDirectoryWithoutBinariesIsUnavailable(@TempDir Path empty) {
        LocalPostgresCluster.Options options = LocalPostgresCluster.Options.builder().binDirectory(empty).build();
        assertThatThrownBy(() -> LocalPostgresCluster.start(options))
                .isInstanceOf(LocalPostgresUnavailableException.class)
                .hasMessageContaining("does not contain initdb");
    }
}
