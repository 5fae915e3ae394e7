package dev.pgmcp.server.stdio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Standard output for the protocol: bytes are collected until a newline and each complete line
 * is written and flushed under one lock, so that messages from the SDK and pgmcp's own error
 * responses never interleave.
 */
final class LineAtomicOutput extends OutputStream {

    private static final JsonFactory JSON = new JsonFactory();

    private final OutputStream target;
    private final Object responses = new Object();
    private long expected;
    private long answered;
    private final ThreadLocal<ByteArrayOutputStream> pending = ThreadLocal.withInitial(ByteArrayOutputStream::new);

    LineAtomicOutput(OutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        ByteArrayOutputStream line = pending.get();
        line.write(b);
        if (b == '\n') {
            emit(line);
        }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteArrayOutputStream line = pending.get();
        int start = offset;
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] == '\n') {
                line.write(bytes, start, i - start + 1);
                emit(line);
                start = i + 1;
            }
        }
        line.write(bytes, start, offset + length - start);
    }

    @Override
    public void flush() {
        // Lines are flushed as they complete; a partial line waits for its newline.
    }

    /** Writes one whole line (a newline is added). */
    void writeLine(String text) throws IOException {
        synchronized (target) {
            target.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            target.flush();
        }
    }

    private void emit(ByteArrayOutputStream line) throws IOException {
        synchronized (target) {
            line.writeTo(target);
            target.flush();
        }
        if (isResponse(line.toByteArray())) {
            synchronized (responses) {
                answered++;
                responses.notifyAll();
            }
        }
        line.reset();
    }

    /** Counts a request passed to the SDK, which owes it a response. */
    void expectResponse() {
        synchronized (responses) {
            expected++;
        }
    }

    /** Waits until every request passed to the SDK has its response, or the timeout passes. */
    void awaitResponses(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (responses) {
            while (answered < expected) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    responses.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** True for a JSON-RPC response (a top-level "result" or "error", no "method"), read without building a tree. */
    static boolean isResponse(byte[] line) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean response = false;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                if (name.equals("method")) {
                    return false;
                }
                response |= name.equals("result") || name.equals("error");
                parser.nextToken();
                parser.skipChildren();
            }
            return response;
        } catch (JacksonException e) {
            return false;
        }
    }
}
