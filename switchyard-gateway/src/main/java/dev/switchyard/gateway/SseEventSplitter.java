package dev.switchyard.gateway;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts an SSE byte stream into {@link ResponseEvent}s as chunks arrive, whatever their boundaries. Each
 * event keeps the exact bytes it came in (so an untouched event is written on as received), its name
 * (the {@code event:} field, else {@code message}) and its data (several {@code data:} lines joined by
 * newlines, as SSE says). Lines end with LF, CRLF or CR-less LF; an empty line ends an event. An event
 * larger than {@link #MAX_EVENT} is handed on as it is, unnamed, rather than grown without end.
 */
final class SseEventSplitter {
    static final int MAX_EVENT = 16 * 1024 * 1024;
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final Consumer<ResponseEvent> out;
    private final ByteArrayOutputStream event = new ByteArrayOutputStream(256);
    private final ByteArrayOutputStream data = new ByteArrayOutputStream(256);
    private byte[] carry = new byte[0];
    private String name;
    private boolean hasData;

    SseEventSplitter(Consumer<ResponseEvent> out) {
        this.out = out;
    }

    void feed(Buffer chunk) {
        byte[] bytes = carry.length == 0 ? chunk.getBytes() : join(carry, chunk.getBytes());
        carry = new byte[0];
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line(bytes, start, i + 1);
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            if (bytes.length - start + event.size() > MAX_EVENT) {
                event.write(bytes, start, bytes.length - start);
                emitOversized();
            } else {
                carry = java.util.Arrays.copyOfRange(bytes, start, bytes.length);
            }
        }
    }

    /** Whatever is left when the stream ends without a closing empty line is handed on as it is. */
    void end() {
        if (carry.length > 0) {
            line(carry, 0, carry.length);
            carry = new byte[0];
        }
        if (event.size() > 0) {
            emit();
        }
    }

    private void line(byte[] b, int from, int toWithEnd) {
        event.write(b, from, toWithEnd - from);
        int to = toWithEnd;
        if (to > from && b[to - 1] == '\n') {
            to--;
        }
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        if (to == from) {
            emit();
        } else if (startsWith(b, from, to, EVENT)) {
            name = new String(b, from + EVENT.length, to - from - EVENT.length, StandardCharsets.UTF_8).trim();
        } else if (startsWith(b, from, to, DATA)) {
            int at = from + DATA.length;
            if (at < to && b[at] == ' ') {
                at++;
            }
            if (hasData) {
                data.write('\n');
            }
            data.write(b, at, to - at);
            hasData = true;
        }
        if (event.size() > MAX_EVENT) {
            emitOversized();
        }
    }

    private void emit() {
        String type = name != null ? name : hasData ? "message" : "";
        out.accept(ResponseEvent.received(type, Buffer.buffer(event.toByteArray()),
                hasData ? data.toByteArray() : null));
        reset();
    }

    private void emitOversized() {
        out.accept(ResponseEvent.received("", Buffer.buffer(event.toByteArray()), null));
        reset();
    }

    private void reset() {
        event.reset();
        data.reset();
        name = null;
        hasData = false;
    }

    private static byte[] join(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
