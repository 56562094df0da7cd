package dev.switchyard.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental text/event-stream parser (the WHATWG rules the SDKs follow): feed it the bytes as
 * they arrive, split anywhere, even inside a UTF-8 character; it calls the listener once per event,
 * when the blank line that ends it arrives. Lines end with LF, CRLF or CR; comments are skipped;
 * fields other than {@code event} and {@code data} are ignored. Not thread-safe: one per stream.
 */
final class SseParser {
    interface Listener {
        void onEvent(String event, String data);
    }

    private final Listener listener;
    private byte[] line = new byte[512];
    private int lineLength;
    private boolean afterCr;
    private String event;
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (afterCr) {
                    afterCr = false; // the LF of a CRLF
                } else {
                    endLine();
                }
            } else if (b == '\r') {
                afterCr = true;
                endLine();
            } else {
                afterCr = false;
                if (lineLength == line.length) {
                    line = Arrays.copyOf(line, lineLength * 2);
                }
                line[lineLength++] = b;
            }
        }
    }

    void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** True when bytes of an unfinished line or event are pending: a stream that ends here was cut. */
    boolean hasPartialEvent() {
        return lineLength > 0 || hasData || event != null;
    }

    private void endLine() {
        String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
        lineLength = 0;
        if (text.isEmpty()) {
            dispatch();
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        if (field.equals("event")) {
            event = value;
        } else if (field.equals("data")) {
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
    }

    private void dispatch() {
        if (hasData) {
            listener.onEvent(event == null || event.isEmpty() ? "message" : event, data.toString());
        }
        event = null;
        data.setLength(0);
        hasData = false;
    }
}
