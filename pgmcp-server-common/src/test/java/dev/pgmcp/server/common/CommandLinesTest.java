package dev.pgmcp.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors name what the user wrote: the file and the key for a value from the configuration file,
 * the option for a value typed on the command line; and every problem is reported at once.
 */
class CommandLinesTest {

    @TempDir
    Path dir;

    private Path config(String yaml) throws Exception {
        return Files.writeString(dir.resolve("pgmcp.yaml"), yaml);
    }

    /** The problems start-up of the stdio host (the common check) finds before it connects. */
    private static List<String> problems(String... args) {
        return CommandLines.problems(new CheckCommand(), args, Map.of());
    }

    @Test
    void aBadValueInTheFileNamesTheFileAndTheKeyNotTheOption() throws Exception {
        Path file = config("statement-timeout: soon\n");
        assertThat(problems("--config", file.toString())).containsExactly(file
                + ": statement-timeout: 'soon' is not a duration; write it like 500ms, 15s, 2min or 1h");
    }

    @Test
    void aBadValueOnTheCommandLineNamesTheOption() {
        assertThat(problems("--statement-timeout", "soon")).singleElement().asString()
                .contains("--statement-timeout").contains("'soon' is not a duration");
    }

    @Test
    void everyBadValueOfTheFileIsReportedAtOnce() throws Exception {
        Path file = config("statement-timeout: soon\nmax-rows: many\nrequire-parsed-sql: perhaps\npool-size: 4\n");
        assertThat(problems("--config", file.toString())).containsExactly(
                file + ": statement-timeout: 'soon' is not a duration; write it like 500ms, 15s, 2min or 1h",
                file + ": max-rows: 'many' is not an int",
                file + ": require-parsed-sql: 'perhaps' is not a boolean");
    }

    @Test
    void everyUnknownKeyIsReportedAtOnce() throws Exception {
        Path file = config("statment-timeout: 5s\nmax-row: 5\n");
        assertThat(problems("--config", file.toString())).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("unknown key 'statment-timeout' in configuration file " + file))
                .anySatisfy(p -> assertThat(p).startsWith("unknown key 'max-row' in configuration file " + file));
    }

    @Test
    void aValidationRuleBlamesTheFileOrTheOptionWhereTheValueCameFrom() throws Exception {
        Path file = config("max-cost: -1\nmax-joins: -2\n");
        assertThat(problems("--config", file.toString())).containsExactly(
                file + ": max-joins: must be 0 or more, was -2",
                file + ": max-cost: must be a positive number, was -1.0");
        assertThat(problems("--config", file.toString(), "--max-cost", "0")).containsExactly(
                file + ": max-joins: must be 0 or more, was -2",
                "--max-cost: must be a positive number, was 0.0");
        assertThat(problems("--max-cost", "-1")).containsExactly("--max-cost: must be a positive number, was -1.0");
    }

    @Test
    void problemsOfDifferentSectionsAreReportedTogether() throws Exception {
        Path file = config("""
                profile: analysts
                sslmode: sometimes
                templates:
                  t:
                    description: d
                    sql: SELECT $1
                """);
        assertThat(problems("--config", file.toString())).containsExactly(
                file + ": sslmode: invalid value \"sometimes\"; expected one of disable, allow, prefer, require, "
                        + "verify-ca, verify-full",
                file + ": profile: analysts names no policy profile; configured: none (add a 'profiles' section to "
                        + "the --config file); the built-in one is 'default'",
                file + ": template 't': the sql uses [$1] but 0 parameters are declared; declare one parameter for "
                        + "each of $1..$n, in that order");
    }

    @Test
    void aValidConfigurationHasNoProblems() throws Exception {
        Path file = config("statement-timeout: 30s\nmax-rows: 50\n");
        assertThat(problems("--config", file.toString(), "--url", "postgresql://reader@db.example.com/app")).isEmpty();
    }
}
