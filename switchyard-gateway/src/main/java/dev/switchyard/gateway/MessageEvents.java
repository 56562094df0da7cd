package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Takes a whole Message apart into the events the API would have streamed for it: message_start (with
 * empty content), per block a start, its deltas and a stop, then message_delta (stop reason, output
 * tokens) and message_stop. Each block's text goes in one delta: a whole message has no pace to keep.
 * The events share the message's nodes rather than copying them; like every event's data, they are
 * not to be modified.
 */
final class MessageEvents {
    private MessageEvents() {}

    static List<ResponseEvent> of(WholeMessage message) {
        List<ResponseEvent> events = new ArrayList<>(4 + 3 * message.blocks());
        events.add(ResponseEvent.part("message_start", message,
                () -> object("message_start").set("message", start(message.tree()))));
        for (int i = 0; i < message.blocks(); i++) {
            block(events, message, i, message.blockType(i));
        }
        events.add(ResponseEvent.part("message_delta", message, () -> messageDelta(message.tree())));
        events.add(ResponseEvent.part("message_stop", message, () -> object("message_stop")));
        return events;
    }

    private static ObjectNode messageDelta(ObjectNode message) {
        ObjectNode delta = object("message_delta");
        ObjectNode d = delta.putObject("delta");
        d.set("stop_reason", message.path("stop_reason").isMissingNode() ? null : message.get("stop_reason"));
        d.set("stop_sequence", message.path("stop_sequence").isMissingNode() ? null : message.get("stop_sequence"));
        delta.putObject("usage").put("output_tokens", message.path("usage").path("output_tokens").asLong(0));
        return delta;
    }

    private static ObjectNode start(ObjectNode message) {
        ObjectNode start = Json.mapper().createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = message.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            switch (f.getKey()) {
                case "content" -> start.putArray("content");
                case "stop_reason", "stop_sequence" -> start.putNull(f.getKey());
                case "usage" -> start.set("usage", startUsage(f.getValue()));
                default -> start.set(f.getKey(), f.getValue());
            }
        }
        return start;
    }

    private static JsonNode startUsage(JsonNode usage) {
        if (!usage.isObject()) {
            return usage;
        }
        ObjectNode u = Json.mapper().createObjectNode();
        usage.fields().forEachRemaining(f -> u.set(f.getKey(), f.getValue()));
        u.put("output_tokens", Math.min(1, usage.path("output_tokens").asLong(0)));
        return u;
    }

    /**
     * A block's start, its deltas (none, one, or thinking's two) and its stop, each built when asked for:
     * only then is the message's tree needed.
     */
    private static void block(List<ResponseEvent> events, WholeMessage message, int index, String type) {
        Supplier<JsonNode> block = () -> message.tree().path("content").get(index);
        events.add(ResponseEvent.part("content_block_start", message, () -> object("content_block_start")
                .put("index", index).set("content_block", emptied(type, block.get()))));
        switch (type) {
            case "text" -> events.add(delta(message, index, () -> object("text_delta").put("text",
                    block.get().path("text").asText())));
            case "tool_use", "server_tool_use" -> events.add(delta(message, index, () -> object("input_json_delta")
                    .put("partial_json", block.get().path("input").toString())));
            case "thinking" -> {
                events.add(delta(message, index, () -> object("thinking_delta").put("thinking",
                        block.get().path("thinking").asText())));
                events.add(delta(message, index, () -> object("signature_delta").put("signature",
                        block.get().path("signature").asText())));
            }
            default -> { } // a block with no deltas (e.g. redacted_thinking) travels whole in its start
        }
        events.add(ResponseEvent.part("content_block_stop", message,
                () -> object("content_block_stop").put("index", index)));
    }

    private static ResponseEvent delta(WholeMessage message, int index, Supplier<ObjectNode> delta) {
        return ResponseEvent.part("content_block_delta", message, () -> object("content_block_delta")
                .put("index", index).set("delta", delta.get()));
    }

    /** The block as its start event shows it: what its deltas carry left empty. */
    private static ObjectNode emptied(String type, JsonNode block) {
        ObjectNode empty = Json.mapper().createObjectNode();
        block.fields().forEachRemaining(f -> empty.set(f.getKey(), f.getValue()));
        switch (type) {
            case "text" -> {
                empty.put("text", "");
                empty.remove("citations");
            }
            case "tool_use", "server_tool_use" -> empty.putObject("input");
            case "thinking" -> {
                empty.put("thinking", "");
                empty.put("signature", "");
            }
            default -> { }
        }
        return empty;
    }

    private static ObjectNode object(String type) {
        return Json.mapper().createObjectNode().put("type", type);
    }
}
