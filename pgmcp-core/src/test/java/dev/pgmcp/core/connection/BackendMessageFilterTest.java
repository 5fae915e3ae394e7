package dev.pgmcp.core.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The protocol filter on byte streams shaped like PostgreSQL's; SafeExecutorTest covers it against the server. */
class BackendMessageFilterTest {

    private static byte[] message(char type, byte[] body) {
        return ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(body.length + 4).put(body).array();
    }

    private static byte[] errorBody(String message) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("SERROR\0C22P02\0".getBytes(StandardCharsets.UTF_8));
        body.write('M');
        body.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        body.write(0);
        body.writeBytes("Ffile.c\0".getBytes(StandardCharsets.UTF_8));
        body.write(0);
        return body.toByteArray();
    }

    /** Reads everything, one byte per call when {@code trickle}. */
    private static byte[] readAll(InputStream in, boolean trickle) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[trickle ? 1 : 4096];
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void passesOrdinaryMessagesUnchanged() throws IOException {
        byte[] stream = concat(message('D', new byte[100_000]), message('E', errorBody("small")),
                message('Z', new byte[] {'I'}));
        for (boolean trickle : new boolean[] {false, true}) {
            assertThat(readAll(new BackendMessageFilter(new ByteArrayInputStream(stream)), trickle)).isEqualTo(stream);
        }
    }

    @Test
    void cutsEachFieldOfAHugeErrorAtACharacterBoundaryAndMarksIt() throws IOException {
        String huge = "é".repeat(3_000_000);
        byte[] ready = message('Z', new byte[] {'I'});
        byte[] stream = concat(message('E', errorBody(huge)), ready);
        for (boolean trickle : new boolean[] {false, true}) {
            byte[] out = readAll(new BackendMessageFilter(new ByteArrayInputStream(stream)), trickle);
            ByteBuffer buffer = ByteBuffer.wrap(out);
            assertThat(buffer.get()).isEqualTo((byte) 'E');
            int length = buffer.getInt();
            byte[] body = new byte[length - 4];
            buffer.get(body);
            String text = new String(body, StandardCharsets.UTF_8);
            int kept = BackendMessageFilter.MAX_FIELD_BYTES / 2;
            assertThat(text).isEqualTo("SERROR\0C22P02\0M" + "é".repeat(kept) + " ... [truncated by pgmcp: "
                    + (6_000_000 - 2 * kept) + " more bytes]\0Ffile.c\0\0");
            byte[] rest = new byte[buffer.remaining()];
            buffer.get(rest);
            assertThat(rest).as("the next message follows intact").isEqualTo(ready);
        }
    }

    @Test
    void passesAnEncryptedStreamThroughAfterTheServerAcceptsTls() throws IOException {
        BackendMessageFilter filter = new BackendMessageFilter(new ByteArrayInputStream(
                concat(new byte[] {'S'}, message('E', errorBody("x".repeat(100_000))))));
        OutputStream client = filter.watch(new ByteArrayOutputStream());
        client.write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
        byte[] out = readAll(filter, false);
        assertThat(out).hasSize(1 + 5 + errorBody("x".repeat(100_000)).length);
    }

    @Test
    void readsMessagesNormallyAfterTheServerRefusesTls() throws IOException {
        byte[] error = message('E', errorBody("x".repeat(100_000)));
        BackendMessageFilter filter = new BackendMessageFilter(new ByteArrayInputStream(concat(new byte[] {'N'}, error)));
        OutputStream client = filter.watch(new ByteArrayOutputStream());
        client.write(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
        byte[] out = readAll(filter, false);
        assertThat(out[0]).isEqualTo((byte) 'N');
        assertThat(out.length).isLessThan(4000);
    }

    @Test
    void passesAnEncryptedStreamThroughWhenTheClientStartsTlsDirectly() throws IOException {
        // sslNegotiation=direct: the ClientHello is the first packet, and the server's records could look
        // like a huge ErrorResponse; cutting them would corrupt the TLS stream.
        byte[] records = message('E', errorBody("x".repeat(100_000)));
        BackendMessageFilter filter = new BackendMessageFilter(new ByteArrayInputStream(records));
        OutputStream client = filter.watch(new ByteArrayOutputStream());
        client.write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03});
        assertThat(readAll(filter, false)).isEqualTo(records);
    }

    @Test
    void stillCutsAfterAStartupPacketThatIsNotTls() throws IOException {
        byte[] error = message('E', errorBody("x".repeat(100_000)));
        BackendMessageFilter filter = new BackendMessageFilter(new ByteArrayInputStream(error));
        OutputStream client = filter.watch(new ByteArrayOutputStream());
        client.write(ByteBuffer.allocate(16).putInt(16).putInt(196608).putInt(0x75736572).putInt(0).array());
        assertThat(readAll(filter, false).length).isLessThan(4000);
    }
}
