package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Watches an SSE byte stream go by, without changing it, and picks out what metrics need: usage
 * from {@code message_start} and {@code message_delta}, and the moment of the first content delta.
 * Only the data lines of those two events are parsed; every other line is skipped by its prefix,
 * so thousands of streams cost little.
 */
final class SseUsageTap {
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    enum Kind { OTHER, MESSAGE_START, MESSAGE_DELTA, CONTENT_DELTA, ERROR }

    final Usage usage = new Usage();
    private final SseLineSplitter lines = new SseLineSplitter(this::line);
    private Kind current = Kind.OTHER;
    private boolean sawContent;
    private boolean sawError;
    private boolean sawStop;
    private Runnable onFirstContent = () -> {};

    void onFirstContent(Runnable r) {
        this.onFirstContent = r;
    }

    boolean sawError() {
        return sawError;
    }

    boolean sawMessageStop() {
        return sawStop;
    }

    void feed(Buffer chunk) {
        lines.feed(chunk);
    }

    private void line(byte[] b, int from, int to) {
        if (to == from) {
            current = Kind.OTHER;
        } else if (SseLineSplitter.startsWith(b, from, to, EVENT)) {
            current = kind(new String(b, from + EVENT.length, to - from - EVENT.length, StandardCharsets.UTF_8).trim());
        } else if (SseLineSplitter.startsWith(b, from, to, DATA)) {
            data(b, from + DATA.length, to);
        }
    }

    private Kind kind(String name) {
        switch (name) {
            case "message_start":
                return Kind.MESSAGE_START;
            case "message_delta":
                return Kind.MESSAGE_DELTA;
            case "content_block_delta":
                if (!sawContent) {
                    sawContent = true;
                    onFirstContent.run();
                }
                return Kind.CONTENT_DELTA;
            case "error":
                sawError = true;
                return Kind.ERROR;
            case "message_stop":
                sawStop = true;
                return Kind.OTHER;
            default:
                return Kind.OTHER;
        }
    }

    private void data(byte[] b, int from, int to) {
        if (current != Kind.MESSAGE_START && current != Kind.MESSAGE_DELTA) {
            return;
        }
        try {
            JsonNode n = Json.mapper().readTree(b, from, to - from);
            usage.read(current == Kind.MESSAGE_START ? n.path("message").path("usage") : n.path("usage"));
        } catch (Exception e) {
            // A malformed event is the client's to see and the SDK's to reject; metrics just miss it.
        }
    }
}
