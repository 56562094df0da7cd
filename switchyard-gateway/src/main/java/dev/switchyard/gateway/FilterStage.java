package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.ContentPolicy;
import dev.switchyard.filter.TextStream;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;

/**
 * The content filter on the response: each text block's deltas go through a {@link TextStream}, which holds
 * back only its bounded look-behind (a term split across deltas is still caught) and releases the rest,
 * redacted, as new text deltas. A block ends the response with an Anthropic error (an {@code error} event on
 * a stream, a 400 body otherwise) and nothing of the blocked text is sent. Other events pass untouched.
 */
final class FilterStage implements ResponseStage {
    private final ContentPolicy policy;
    private final FilterFindings findings;
    /** Open text blocks by index. */
    private final Map<Integer, TextStream> open = new HashMap<>(4);
    private boolean failed;

    FilterStage(ContentPolicy policy, FilterFindings findings) {
        this.policy = policy;
        this.findings = findings;
    }

    @Override
    public void event(ResponseEvent event, EventSink next) {
        if (failed) {
            return;
        }
        switch (event.type()) {
            case "content_block_start" -> {
                JsonNode data = event.data();
                if ("text".equals(data.path("content_block").path("type").asText())) {
                    open.put(data.path("index").asInt(), policy.stream());
                }
                next.emit(event);
            }
            case "content_block_delta" -> delta(event, next);
            case "content_block_stop" -> {
                int index = event.data().path("index").asInt();
                TextStream stream = open.remove(index);
                if (stream == null || close(index, stream, next)) {
                    next.emit(event);
                }
            }
            default -> next.emit(event);
        }
    }

    @Override
    public Future<Void> end(boolean complete, EventSink next) {
        // a source that stopped inside a block: what is held is released (filtered) before the response ends
        for (Map.Entry<Integer, TextStream> e : Map.copyOf(open).entrySet()) {
            if (!failed) {
                close(e.getKey(), e.getValue(), next);
            }
        }
        open.clear();
        return Future.succeededFuture();
    }

    private void delta(ResponseEvent event, EventSink next) {
        JsonNode data = event.data();
        int index = data.path("index").asInt();
        TextStream stream = open.get(index);
        JsonNode delta = data.path("delta");
        if (stream == null || !"text_delta".equals(delta.path("type").asText())) {
            next.emit(event);
            return;
        }
        String text = delta.path("text").asText();
        String released = stream.push(text);
        if (stream.block().isPresent()) {
            fail(stream, next);
        } else if (released.equals(text)) {
            next.emit(event); // nothing held, nothing changed: the original bytes go on
        } else if (!released.isEmpty()) {
            next.emit(textDelta(index, released));
        }
    }

    /** Releases a block's held text; false when that text was blocked. */
    private boolean close(int index, TextStream stream, EventSink next) {
        open.remove(index);
        String rest = stream.finish();
        if (stream.block().isPresent()) {
            fail(stream, next);
            return false;
        }
        findings.add(stream.findings(), "response");
        if (!rest.isEmpty()) {
            next.emit(textDelta(index, rest));
        }
        return true;
    }

    private void fail(TextStream stream, EventSink next) {
        failed = true;
        findings.add(stream.findings(), "response");
        next.fail(ApiException.invalidRequest(stream.block().orElseThrow().message()));
    }

    private static ResponseEvent textDelta(int index, String text) {
        ObjectNode data = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", index);
        data.putObject("delta").put("type", "text_delta").put("text", text);
        return ResponseEvent.of("content_block_delta", data);
    }
}
