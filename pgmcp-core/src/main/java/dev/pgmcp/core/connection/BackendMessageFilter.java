package dev.pgmcp.core.connection;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads PostgreSQL's backend protocol and cuts each field of a large ErrorResponse or
 * NoticeResponse to {@value #MAX_FIELD_BYTES} bytes, marked as truncated; every other message
 * passes unchanged. The rest of a cut field is skipped as it arrives, never buffered. State
 * survives a read that times out (pgjdbc polls with short socket timeouts), so a message may be
 * read across any number of calls.
 *
 * <p>The client side is watched ({@link #watch}) for SSLRequest and GSSENCRequest packets, whose
 * answer is a single byte; once the server accepts one, or the client starts TLS directly, the
 * stream is encrypted and passes through untouched. Above TLS a second filter reads the decrypted
 * stream ({@link BoundedLibPQFactory}, {@link BoundedSslSocketFactory}).
 */
final class BackendMessageFilter extends InputStream {

    /** Most bytes kept of one field; with the marker, a field stays below pgmcp's 2,048-character bound. */
    static final int MAX_FIELD_BYTES = 1900;
    /** Error and notice messages up to this size pass unchanged. */
    private static final int REWRITE_ABOVE = 16 * 1024;
    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    /**
     * First byte of a TLS handshake record. A startup packet begins with its length, whose first byte
     * is 0 (the server takes no startup packet of 16 MB or more).
     */
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;

    private final InputStream in;
    private final byte[] header = new byte[5];
    private int headerRead;
    private long bodyRemaining;
    private boolean passThrough;
    private int singleByteReplies;
    // Output produced for the driver and not yet read by it.
    private byte[] ready = new byte[0];
    private int readyPos;
    // A message being cut: its body is consumed field by field.
    private boolean cutting;
    private final ByteArrayOutputStream cutBody = new ByteArrayOutputStream();
    private boolean inField;
    private int fieldKept;
    private long fieldDropped;
    private final byte[] scratch = new byte[8192];

    BackendMessageFilter(InputStream in) {
        this.in = new BufferedInputStream(in, 8192);
    }

    /** Wraps the client's output to see SSLRequest and GSSENCRequest packets during start-up. */
    OutputStream watch(OutputStream out) {
        return new FilterOutputStream(out) {
            private final byte[] packet = new byte[8];
            private int seen;
            private boolean startupDone;

            @Override
            public void write(int b) throws IOException {
                observe(b);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len && !startupDone; i++) {
                    observe(b[off + i]);
                }
                out.write(b, off, len);
            }

            private void observe(int b) {
                if (startupDone) {
                    return;
                }
                packet[seen++] = (byte) b;
                if (seen == 1 && (byte) b == TLS_HANDSHAKE_RECORD) {
                    // A TLS ClientHello with no SSLRequest before it (sslNegotiation=direct): all is ciphertext.
                    synchronized (BackendMessageFilter.this) {
                        passThrough = true;
                    }
                    startupDone = true;
                    return;
                }
                if (seen == 8) {
                    int length = readInt(packet, 0);
                    int code = readInt(packet, 4);
                    if (length == 8 && (code == SSL_REQUEST || code == GSSENC_REQUEST)) {
                        synchronized (BackendMessageFilter.this) {
                            singleByteReplies++;
                        }
                        seen = 0;
                    } else {
                        startupDone = true; // a StartupMessage, CancelRequest or a TLS record
                    }
                }
            }
        };
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (readyPos < ready.length) {
                int n = Math.min(len, ready.length - readyPos);
                System.arraycopy(ready, readyPos, b, off, n);
                readyPos += n;
                return n;
            }
            if (passThrough) {
                return in.read(b, off, len);
            }
            if (bodyRemaining > 0 && !cutting) {
                int n = in.read(b, off, (int) Math.min(len, bodyRemaining));
                if (n > 0) {
                    bodyRemaining -= n;
                }
                return n;
            }
            if (cutting) {
                if (!cut()) {
                    return -1;
                }
                continue;
            }
            if (singleByteReplies > 0 && headerRead == 0) {
                int reply = in.read();
                if (reply < 0) {
                    return -1;
                }
                singleByteReplies--;
                if (reply == 'S' || reply == 'G') {
                    passThrough = true;
                }
                ready = new byte[] {(byte) reply};
                readyPos = 0;
                if (reply == 'S' || reply == 'G' || reply == 'N') {
                    continue;
                }
                // Anything else (an ErrorResponse from an old server) starts a normal message.
                header[0] = (byte) reply;
                headerRead = 1;
                ready = new byte[0];
            }
            while (headerRead < 5) {
                int n = in.read(header, headerRead, 5 - headerRead);
                if (n < 0) {
                    return -1;
                }
                headerRead += n;
            }
            headerRead = 0;
            long bodyLength = (readInt(header, 1) & 0xffffffffL) - 4;
            bodyRemaining = bodyLength;
            if ((header[0] == 'E' || header[0] == 'N') && bodyLength > REWRITE_ABOVE) {
                cutting = true;
                cutBody.reset();
                inField = false;
            } else {
                ready = header.clone();
                readyPos = 0;
            }
        }
    }

    /** Consumes the body of a message being cut; true when bytes were consumed or the message is done. */
    private boolean cut() throws IOException {
        int n = in.read(scratch, 0, (int) Math.min(scratch.length, bodyRemaining));
        if (n < 0) {
            return false;
        }
        bodyRemaining -= n;
        for (int i = 0; i < n; i++) {
            byte c = scratch[i];
            if (!inField) {
                cutBody.write(c); // a field code, or the terminating 0
                if (c != 0) {
                    inField = true;
                    fieldKept = 0;
                    fieldDropped = 0;
                }
            } else if (c == 0) {
                if (fieldDropped > 0) {
                    cutBody.writeBytes((" ... [truncated by pgmcp: " + fieldDropped + " more bytes]")
                            .getBytes(StandardCharsets.UTF_8));
                }
                cutBody.write(0);
                inField = false;
            } else if (fieldKept < MAX_FIELD_BYTES && fieldDropped == 0) {
                cutBody.write(c);
                fieldKept++;
            } else {
                if (fieldDropped == 0) {
                    dropPartialCharacter();
                }
                fieldDropped++;
            }
        }
        if (bodyRemaining == 0) {
            byte[] body = cutBody.toByteArray();
            byte[] message = new byte[5 + body.length];
            message[0] = header[0];
            writeInt(message, 1, body.length + 4);
            System.arraycopy(body, 0, message, 5, body.length);
            ready = message;
            readyPos = 0;
            cutting = false;
        }
        return true;
    }

    /** Removes the bytes of a UTF-8 character cut at the field limit, counting them as dropped. */
    private void dropPartialCharacter() {
        byte[] kept = cutBody.toByteArray();
        int end = kept.length;
        int start = end;
        while (start > 0 && (kept[start - 1] & 0xC0) == 0x80) {
            start--;
        }
        if (start > 0 && (kept[start - 1] & 0x80) != 0) {
            int lead = kept[start - 1] & 0xff;
            int expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
            if (end - (start - 1) < expected) {
                cutBody.reset();
                cutBody.write(kept, 0, start - 1);
                fieldDropped += end - (start - 1);
            }
        }
    }

    @Override
    public synchronized int available() throws IOException {
        if (readyPos < ready.length) {
            return ready.length - readyPos;
        }
        if (passThrough) {
            return in.available();
        }
        if (bodyRemaining > 0 && !cutting) {
            return (int) Math.min(in.available(), bodyRemaining);
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }

    private static void writeInt(byte[] b, int off, int value) {
        b[off] = (byte) (value >>> 24);
        b[off + 1] = (byte) (value >>> 16);
        b[off + 2] = (byte) (value >>> 8);
        b[off + 3] = (byte) value;
    }
}
