package dev.pgmcp.server.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.LoggerFactory;

/**
 * An embedded Jetty 12 with the access filter in front of a servlet at /mcp that echoes the
 * profile and caller attributes, and the metadata servlet; it records the auth package's logs.
 */
final class AuthServer implements AutoCloseable {

    private static final List<String> LOGGERS = List.of("dev.pgmcp", "com.nimbusds");

    private final Server server;
    private final int port;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    private AuthServer(AccessConfig config) throws Exception {
        logs.start();
        for (String name : LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            logger.setLevel(Level.DEBUG);
            logger.addAppender(logs);
        }
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        FilterHolder filter = new FilterHolder(new AccessFilter(config));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/mcp/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder echo = new ServletHolder(new Echo());
        echo.setAsyncSupported(true);
        context.addServlet(echo, "/mcp/*");
        ServletHolder metadata = new ServletHolder(new ProtectedResourceMetadataServlet(config));
        context.addServlet(metadata, ProtectedResourceMetadataServlet.PATH);
        context.addServlet(metadata, ProtectedResourceMetadataServlet.PATH + "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    static AuthServer start(AccessConfig config) throws Exception {
        return new AuthServer(config);
    }

    /** POSTs to /mcp with the given header name/value pairs. */
    HttpResponse<String> call(String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/mcp"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * A new client, so a new connection, for every request: a refused POST leaves its body unread and
     * the server may close that connection just as a pooled client reuses it ("header parser received
     * no bytes"), which is about connection reuse, not about what these tests check.
     */
    private static HttpClient client() {
        return HttpClient.newHttpClient();
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Every formatted log message and its exception text so far. */
    String logText() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(logs.list)) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(event.getThrowableProxy().getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    /** Asserts that no log line contains {@code secret}. */
    void assertNotLogged(String secret) {
        assertThat(logText()).doesNotContain(secret);
    }

    @Override
    public void close() throws Exception {
        server.stop();
        for (String name : LOGGERS) {
            ((Logger) LoggerFactory.getLogger(name)).detachAppender(logs);
        }
    }

    /** Echoes what the filter decided: "profile=P caller=NAME method=M groups=[..] scopes=[..]". */
    private static final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Caller caller = AccessFilter.caller(request).orElseThrow();
            response.setContentType("text/plain");
            response.getWriter().print("profile=" + AccessFilter.profile(request).orElseThrow()
                    + " caller=" + caller.name() + " method=" + caller.method()
                    + " groups=" + new java.util.TreeSet<>(caller.groups())
                    + " scopes=" + new java.util.TreeSet<>(caller.scopes()));
        }
    }
}
