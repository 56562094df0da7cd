package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/** A whole Message as the SSE bytes the API would have streamed for it ({@link MessageEvents}, framed). */
final class SseReplay {
    private SseReplay() {}

    static Buffer events(ObjectNode message) {
        Buffer out = Buffer.buffer(512);
        MessageEvents.of(WholeMessage.of(message)).forEach(e -> out.appendBuffer(e.sse()));
        return out;
    }
}
