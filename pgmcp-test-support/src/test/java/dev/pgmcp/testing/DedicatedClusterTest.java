package dev.pgmcp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.localpg.LocalPostgresCluster;
import dev.pgmcp.localpg.ThrowawayPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DedicatedClusterTest {

    @Test
    void dedicatedClusterHasItsOwnRulesAndCanHoldTheFixture() throws SQLException {
        LocalPostgresCluster.Options options = LocalPostgresCluster.Options.builder()
                .setting("statement_timeout", "12345")
                .hbaLine("host all pgmcp_reader 127.0.0.1/32 reject")
                .build();
        try (ThrowawayPostgres pg = TestDatabase.startDedicatedCluster(options)) {
            String superuserUrl = TestDatabase.createFixtureDatabase(pg);
            try (Connection c = DriverManager.getConnection(superuserUrl);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT current_setting('statement_timeout'), (SELECT count(*) FROM sales.orders)")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("12345ms");
                assertThat(rs.getLong(2)).isEqualTo(200);
            }
            assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("pgmcp_test"), "pgmcp_reader", "reader-secret-1"))
                    .hasMessageContaining("pg_hba.conf rejects");
        }
    }
}
