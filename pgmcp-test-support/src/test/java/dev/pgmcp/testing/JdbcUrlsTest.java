package dev.pgmcp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    private static final String URL = "jdbc:postgresql://db.example:6543/postgres?user=admin&password=p%26ss&sslmode=require";

    @Test
    void rewritesDatabaseAndCredentials() {
        assertThat(JdbcUrls.isValid(URL)).isTrue();
        assertThat(JdbcUrls.withDatabase(URL, "pgmcp_test_ab12"))
                .isEqualTo("jdbc:postgresql://db.example:6543/pgmcp_test_ab12?user=admin&password=p%26ss&sslmode=require");
        assertThat(JdbcUrls.withoutCredentials(URL)).isEqualTo("jdbc:postgresql://db.example:6543/postgres?sslmode=require");
        assertThat(JdbcUrls.withCredentials(URL, "pgmcp_reader", "a&b"))
                .isEqualTo("jdbc:postgresql://db.example:6543/postgres?sslmode=require&user=pgmcp_reader&password=a%26b");
        assertThat(JdbcUrls.withCredentials("jdbc:postgresql://h:1/d", "u", null)).isEqualTo("jdbc:postgresql://h:1/d?user=u");
        assertThat(JdbcUrls.host(URL)).isEqualTo("db.example");
        assertThat(JdbcUrls.port(URL)).isEqualTo(6543);
        assertThat(JdbcUrls.port("jdbc:postgresql://localhost/x")).isEqualTo(5432);
    }

    @Test
    void rejectsOtherUrls() {
        assertThat(JdbcUrls.isValid("jdbc:mysql://localhost/x")).isFalse();
        assertThat(JdbcUrls.isValid("postgres://localhost/x")).isFalse();
        assertThat(JdbcUrls.isValid(null)).isFalse();
    }
}
