package dev.pgmcp.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgmcp.core.connection.ConnectionResolver;
import dev.pgmcp.core.connection.ConnectionSettings;
import dev.pgmcp.core.runtime.PgmcpRuntime;
import dev.pgmcp.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The templates section of the configuration file becomes tools of the runtime both hosts build. */
class ServerOptionsTemplatesTest {

    @TempDir
    Path dir;

    private ServerOptions options(String yaml) throws Exception {
        Path file = dir.resolve("pgmcp.yaml");
        Files.writeString(file, yaml);
        return CommandLine.populateCommand(new ServerOptions(), "--config", file.toString());
    }

    @Test
    void templatesBecomeToolsOfTheRuntime() throws Exception {
        ServerOptions options = options("""
                templates:
                  order_count:
                    description: Number of orders with a status
                    sql: SELECT count(*) AS orders FROM sales.orders WHERE status = $1
                    parameters: [{name: status, type: string, enum: [pending, paid]}]
                """);
        TestDatabase db = TestDatabase.get();
        ConnectionSettings settings = new ConnectionResolver(Map.of("PGPASSWORD", db.readerPassword()),
                Path.of("/nonexistent"), db.readerUser()).resolve("postgresql://" + db.readerUser() + "@" + db.host()
                + ":" + db.port() + "/" + db.databaseName());
        try (PgmcpRuntime runtime = options.runtime(settings).start()) {
            assertThat(runtime.tools()).extracting(t -> t.definition().name())
                    .containsExactly("list_schemas", "list_tables", "describe_table", "execute_select", "order_count");
        }
    }

    @Test
    void anInvalidTemplateNamesTheFile() throws Exception {
        ServerOptions options = options("templates:\n  t:\n    description: d\n    sql: SELECT $1\n");
        assertThatThrownBy(options::templates).isInstanceOf(ConfigurationException.class)
                .hasMessage(dir.resolve("pgmcp.yaml") + ": template 't': the sql uses [$1] "
                        + "but 0 parameters are declared; declare one parameter for each of $1..$n, in that order");
    }

    @Test
    void noTemplatesSection() throws Exception {
        assertThat(options("max-rows: 5\n").templates()).isEmpty();
    }
}
