package dev.pgmcp.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.pgmcp.core.tools.PgmcpTool;
import dev.pgmcp.core.tools.ToolArguments;
import dev.pgmcp.core.tools.ToolDefinition;
import dev.pgmcp.core.tools.ToolException;
import dev.pgmcp.core.tools.ToolResult;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * The tool boundary answers every failure: a tool that throws anything, an {@link Error} included,
 * yields an {@code isError} result with a reference, and the server log holds the stack trace under
 * the same reference.
 */
class McpToolAdapterTest {

    private static final Pattern REFERENCE = Pattern.compile("\\(reference ([0-9a-f]{8})\\)");

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(McpToolAdapter.class);

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("NoClassDefFoundError", (Supplier<Throwable>) () ->
                        new NoClassDefFoundError("org/apache/commons/math3/fraction/BigFraction")),
                Arguments.of("OutOfMemoryError", (Supplier<Throwable>) () -> new OutOfMemoryError("Java heap space")),
                Arguments.of("StackOverflowError", (Supplier<Throwable>) StackOverflowError::new),
                Arguments.of("ExceptionInInitializerError", (Supplier<Throwable>) () ->
                        new ExceptionInInitializerError(new IllegalStateException("static init"))),
                Arguments.of("AssertionError", (Supplier<Throwable>) () -> new AssertionError("unreachable")),
                Arguments.of("IllegalStateException", (Supplier<Throwable>) () -> new IllegalStateException("bug")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void everyThrowableBecomesAnErrorResultWithAReference(String name, Supplier<Throwable> failure) {
        McpSchema.CallToolResult result = McpToolAdapter.toSpecification(throwing(failure))
                .callHandler().apply(null, request());

        assertThat(result.isError()).isTrue();
        String text = text(result);
        Matcher reference = REFERENCE.matcher(text);
        assertThat(reference.find()).as(text).isTrue();
        assertThat(text).contains("internal error while running broken_tool", "server log")
                .doesNotContain(name, "java.", "org.apache", "\tat ");

        List<ILoggingEvent> errors = log.list.stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .toList();
        assertThat(errors).hasSize(1);
        ILoggingEvent event = errors.get(0);
        assertThat(event.getFormattedMessage()).contains("broken_tool", "[ref " + reference.group(1) + "]");
        assertThat(event.getThrowableProxy()).isNotNull();
        assertThat(ThrowableProxyUtil.asString(event.getThrowableProxy())).contains(name)
                .contains("McpToolAdapterTest");
    }

    @Test
    void eachFailureGetsItsOwnReference() {
        McpSchema.CallToolResult first = McpToolAdapter.call(throwing(OutOfMemoryError::new), "broken_tool", request());
        McpSchema.CallToolResult second = McpToolAdapter.call(throwing(OutOfMemoryError::new), "broken_tool", request());
        Matcher a = REFERENCE.matcher(text(first));
        Matcher b = REFERENCE.matcher(text(second));
        assertThat(a.find() && b.find()).isTrue();
        assertThat(a.group(1)).isNotEqualTo(b.group(1));
    }

    @Test
    void aToolExceptionKeepsItsMessageAndLogsNoError() {
        PgmcpTool refusing = tool(arguments -> {
            throw new ToolException("Refused by pgmcp: no");
        });
        McpSchema.CallToolResult result = McpToolAdapter.call(refusing, "broken_tool", request());
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("Refused by pgmcp: no");
        assertThat(log.list).noneMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR);
    }

    private static McpSchema.CallToolRequest request() {
        return McpSchema.CallToolRequest.builder().name("broken_tool").arguments(Map.of()).build();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static PgmcpTool throwing(Supplier<Throwable> failure) {
        return tool(arguments -> {
            Throwable t = failure.get();
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        });
    }

    private interface Body {
        ToolResult call(ToolArguments arguments) throws ToolException;
    }

    private static PgmcpTool tool(Body body) {
        ToolDefinition definition = new ToolDefinition("broken_tool", "Broken", "fails",
                Map.of("type", "object"), Map.of("type", "object"));
        return new PgmcpTool() {
            @Override
            public ToolDefinition definition() {
                return definition;
            }

            @Override
            public ToolResult call(ToolArguments arguments) throws ToolException {
                return body.call(arguments);
            }
        };
    }
}
