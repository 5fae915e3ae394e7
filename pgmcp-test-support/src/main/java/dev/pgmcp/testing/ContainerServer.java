package dev.pgmcp.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/** Testcontainers access, kept in its own class so Testcontainers is only loaded when needed. */
final class ContainerServer {

    static final String IMAGE = "postgres:15-alpine";

    private ContainerServer() {}

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts a container; returns a superuser JDBC URL (with credentials) of its maintenance database. */
    @SuppressWarnings("resource") // stopped by the shutdown hook below, or by Testcontainers' reaper
    static String start() {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse(IMAGE))
                .withUsername("postgres")
                .withPassword("postgres")
                .withDatabaseName("postgres");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "pgmcp-test-container-stop"));
        return JdbcUrls.withCredentials(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
}
