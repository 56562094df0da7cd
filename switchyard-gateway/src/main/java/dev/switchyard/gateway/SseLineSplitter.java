package dev.switchyard.gateway;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * Cuts an SSE byte stream into lines as chunks arrive, whatever their boundaries: a line split across
 * chunks is carried over (up to a bound, so a stream without newlines cannot grow it without end).
 * Lines are handed out without their {@code \n} or {@code \r\n}; an empty line ends an event.
 */
final class SseLineSplitter {
    private static final int MAX_CARRY = 4 * 1024 * 1024;

    /** Receives one line: bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code b}. */
    interface LineHandler {
        void line(byte[] b, int from, int to);
    }

    private final LineHandler handler;
    private byte[] carry = new byte[0];

    SseLineSplitter(LineHandler handler) {
        this.handler = handler;
    }

    void feed(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (carry.length > 0) {
                    byte[] line = Arrays.copyOf(carry, carry.length + i - start);
                    System.arraycopy(bytes, start, line, carry.length, i - start);
                    carry = new byte[0];
                    emit(line, 0, line.length);
                } else {
                    emit(bytes, start, i);
                }
                start = i + 1;
            }
        }
        if (start < bytes.length && carry.length < MAX_CARRY) {
            byte[] next = Arrays.copyOf(carry, carry.length + bytes.length - start);
            System.arraycopy(bytes, start, next, carry.length, bytes.length - start);
            carry = next;
        }
    }

    private void emit(byte[] b, int from, int to) {
        handler.line(b, from, to > from && b[to - 1] == '\r' ? to - 1 : to);
    }

    static boolean startsWith(byte[] b, int from, int to, byte[] prefix) {
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
