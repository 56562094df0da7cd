package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds the final Message from a Messages API event stream, as the SDKs' accumulators do: the message
 * of {@code message_start}, each content block from its start and deltas (text, tool input JSON,
 * thinking, signature), then the stop reason and usage of {@code message_delta}. The result exists only
 * for a stream that reached {@code message_stop} without an {@code error} event: a cut or failed stream
 * is never cached.
 */
final class MessageAssembler {
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final SseLineSplitter lines = new SseLineSplitter(this::line);
    private final List<ObjectNode> blocks = new ArrayList<>();
    private final List<StringBuilder> partialJson = new ArrayList<>();
    private ObjectNode message;
    private boolean stopped;
    private boolean broken;

    void feed(Buffer chunk) {
        if (!broken) {
            lines.feed(chunk);
        }
    }

    /** One event of the chain's response; its data is parsed if it was not yet. */
    void feed(ResponseEvent event) {
        if (broken || event.type().isEmpty() || "ping".equals(event.type())) {
            return;
        }
        JsonNode data = event.data();
        if (data.isMissingNode()) {
            broken = true;
            return;
        }
        apply(data);
    }

    /** The whole message, or null when the stream did not complete cleanly. */
    ObjectNode message() {
        if (broken || !stopped || message == null) {
            return null;
        }
        ArrayNode content = message.putArray("content");
        for (int i = 0; i < blocks.size(); i++) {
            ObjectNode b = blocks.get(i);
            if (b == null) {
                return null;
            }
            if (partialJson.get(i) != null) {
                try {
                    String json = partialJson.get(i).toString();
                    b.set("input", json.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(json));
                } catch (Exception e) {
                    return null;
                }
            }
            content.add(b);
        }
        return message;
    }

    private void line(byte[] b, int from, int to) {
        if (to == from || SseLineSplitter.startsWith(b, from, to, EVENT)) {
            return; // the data's own "type" says which event it is
        }
        if (!SseLineSplitter.startsWith(b, from, to, DATA)) {
            return;
        }
        try {
            apply(Json.mapper().readTree(b, from + DATA.length, to - from - DATA.length));
        } catch (Exception e) {
            broken = true;
        }
    }

    private void apply(JsonNode event) {
        switch (event.path("type").asText()) {
            case "message_start" -> message = (ObjectNode) event.get("message").deepCopy();
            case "content_block_start" -> start(event.path("index").asInt(-1), (ObjectNode) event.get("content_block"));
            case "content_block_delta" -> delta(event.path("index").asInt(-1), event.path("delta"));
            case "message_delta" -> finish(event);
            case "message_stop" -> stopped = true;
            case "error" -> broken = true;
            default -> { } // ping, content_block_stop and events to come: nothing to keep
        }
    }

    private void start(int index, ObjectNode block) {
        if (index < 0 || block == null) {
            broken = true;
            return;
        }
        while (blocks.size() <= index) {
            blocks.add(null);
            partialJson.add(null);
        }
        ObjectNode b = block.deepCopy();
        blocks.set(index, b);
        if ("tool_use".equals(b.path("type").asText()) || "server_tool_use".equals(b.path("type").asText())) {
            partialJson.set(index, new StringBuilder());
        }
    }

    private void delta(int index, JsonNode delta) {
        if (index < 0 || index >= blocks.size() || blocks.get(index) == null) {
            broken = true;
            return;
        }
        ObjectNode b = blocks.get(index);
        switch (delta.path("type").asText()) {
            case "text_delta" -> append(b, "text", delta.path("text").asText());
            case "thinking_delta" -> append(b, "thinking", delta.path("thinking").asText());
            case "signature_delta" -> append(b, "signature", delta.path("signature").asText());
            case "citations_delta" -> b.withArray("citations").add(delta.path("citation"));
            case "input_json_delta" -> {
                if (partialJson.get(index) == null) {
                    broken = true;
                } else {
                    partialJson.get(index).append(delta.path("partial_json").asText());
                }
            }
            default -> broken = true; // a delta we cannot rebuild: do not cache what we might get wrong
        }
    }

    private void finish(JsonNode event) {
        if (message == null) {
            broken = true;
            return;
        }
        event.path("delta").fields().forEachRemaining(f -> message.set(f.getKey(), f.getValue()));
        JsonNode usage = event.path("usage");
        if (usage.isObject()) {
            ObjectNode merged = message.with("usage");
            usage.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull()) {
                    merged.set(f.getKey(), f.getValue());
                }
            });
        }
    }

    private static void append(ObjectNode block, String field, String more) {
        block.put(field, block.path(field).asText("") + more);
    }
}
