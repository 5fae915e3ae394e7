package dev.pgmcp.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectionStringsTest {

    @Test
    void findsAPasswordInEachFormOfConnectionString() {
        assertThat(ConnectionStrings.hasPassword("postgresql://reader:secret@db.example.com/app", false)).isTrue();
        assertThat(ConnectionStrings.hasPassword("postgres://reader@db.example.com/app?password=secret", false)).isTrue();
        assertThat(ConnectionStrings.hasPassword("host=db.example.com user=reader password=secret", false)).isTrue();
        assertThat(ConnectionStrings.hasPassword("jdbc:postgresql://db.example.com/app?user=r&password=secret", true))
                .isTrue();
    }

    @Test
    void noPasswordInTheStringIsNoPassword() {
        assertThat(ConnectionStrings.hasPassword("postgresql://reader@db.example.com/app", false)).isFalse();
        assertThat(ConnectionStrings.hasPassword("host=db.example.com user=reader", false)).isFalse();
        assertThat(ConnectionStrings.hasPassword("jdbc:postgresql://db.example.com/app?user=r", true)).isFalse();
        assertThat(ConnectionStrings.hasPassword("postgresql://reader@db.example.com/app?nonsense=1", false)).isFalse();
    }
}
