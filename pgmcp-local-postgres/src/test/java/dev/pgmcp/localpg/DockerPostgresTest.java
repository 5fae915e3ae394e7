package dev.pgmcp.localpg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class DockerPostgresTest {

    @Test
    void startsAContainerAndRemovesItOnClose() throws Exception {
        assumeTrue(DockerPostgres.isDockerAvailable(), "'docker info' fails: no Docker engine on this machine");
        try (DockerPostgres pg = DockerPostgres.start()) {
            assertThat(pg.host()).isEqualTo("127.0.0.1");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.superuser(), null);
                 ResultSet rs = c.createStatement().executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(150000);
            }
        }
    }

    @Test
    void startFailsClearlyWithoutAnEngine() {
        assumeFalse(DockerPostgres.isDockerAvailable(), "a Docker engine runs here");
        assertThatThrownBy(DockerPostgres::start)
                .isInstanceOf(LocalPostgresUnavailableException.class)
                .hasMessageContaining("Docker is not available");
    }
}
