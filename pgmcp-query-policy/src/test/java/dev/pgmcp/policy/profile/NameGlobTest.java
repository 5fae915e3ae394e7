package dev.pgmcp.policy.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameGlobTest {

    @Test
    void alignsShorterGlobsToTheRight() {
        NameGlob password = NameGlob.parse("*.password", 3, "column");
        assertThat(password.matches("hr", "users", "password")).isTrue();
        assertThat(password.matches("hr", "users", "password_hint")).isFalse();
        assertThat(NameGlob.parse("ssn", 3, "column").matches("hr", "employees", "ssn")).isTrue();
        assertThat(NameGlob.parse("hr.employees.ssn", 3, "column").matches("sales", "employees", "ssn")).isFalse();
    }

    @Test
    void wildcardsAndQuotes() {
        assertThat(NameGlob.parse("sales.secret_?", 2, "t").matches("sales", "secret_1")).isTrue();
        assertThat(NameGlob.parse("sales.secret_?", 2, "t").matches("sales", "secret_12")).isFalse();
        assertThat(NameGlob.parse("\"a.b\".c", 2, "t").matches("a.b", "c")).isTrue();
        assertThat(NameGlob.parse("\"A*\"", 2, "t").matches("x", "Ab")).as("* is literal in quotes").isFalse();
        assertThat(NameGlob.parse("\"A*\"", 2, "t").matches("x", "A*")).isTrue();
        assertThat(NameGlob.parse("public.fn", 2, "f").matches(null, "fn")).isFalse();
    }
}
