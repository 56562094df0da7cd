package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns a whole Message back into the event stream the API would have sent for it: message_start (with
 * empty content), per block a start, its deltas and a stop, then message_delta with the stop reason and
 * the output tokens, and message_stop. Each block's text goes in one delta: a replay has no pace to keep.
 */
final class SseReplay {
    private SseReplay() {}

    static Buffer events(ObjectNode message) {
        Buffer out = Buffer.buffer(message.toString().length() * 2 + 512);
        ObjectNode start = message.deepCopy();
        start.putArray("content");
        start.putNull("stop_reason");
        start.putNull("stop_sequence");
        ObjectNode startUsage = start.with("usage");
        startUsage.put("output_tokens", Math.min(1, message.path("usage").path("output_tokens").asLong(0)));
        event(out, "message_start", object("message_start").set("message", start));
        JsonNode content = message.path("content");
        for (int i = 0; i < content.size(); i++) {
            block(out, i, content.get(i));
        }
        ObjectNode delta = object("message_delta");
        ObjectNode d = delta.putObject("delta");
        d.set("stop_reason", message.path("stop_reason"));
        d.set("stop_sequence", message.path("stop_sequence"));
        delta.putObject("usage").put("output_tokens", message.path("usage").path("output_tokens").asLong(0));
        event(out, "message_delta", delta);
        event(out, "message_stop", object("message_stop"));
        return out;
    }

    private static void block(Buffer out, int index, JsonNode block) {
        String type = block.path("type").asText();
        ObjectNode empty = (ObjectNode) block.deepCopy();
        ObjectNode delta = null;
        ObjectNode second = null;
        switch (type) {
            case "text" -> {
                empty.put("text", "");
                empty.remove("citations");
                delta = delta("text_delta").put("text", block.path("text").asText());
            }
            case "tool_use", "server_tool_use" -> {
                empty.putObject("input");
                delta = delta("input_json_delta").put("partial_json", block.path("input").toString());
            }
            case "thinking" -> {
                empty.put("thinking", "");
                empty.put("signature", "");
                delta = delta("thinking_delta").put("thinking", block.path("thinking").asText());
                second = delta("signature_delta").put("signature", block.path("signature").asText());
            }
            default -> { } // a block with no deltas (e.g. redacted_thinking) travels whole in its start
        }
        event(out, "content_block_start", object("content_block_start").put("index", index)
                .set("content_block", empty));
        if (delta != null) {
            event(out, "content_block_delta", object("content_block_delta").put("index", index).set("delta", delta));
        }
        if (second != null) {
            event(out, "content_block_delta", object("content_block_delta").put("index", index).set("delta", second));
        }
        event(out, "content_block_stop", object("content_block_stop").put("index", index));
    }

    private static ObjectNode object(String type) {
        return Json.mapper().createObjectNode().put("type", type);
    }

    private static ObjectNode delta(String type) {
        return object(type);
    }

    private static void event(Buffer out, String name, JsonNode data) {
        out.appendString("event: " + name + "\ndata: ", "UTF-8");
        out.appendBytes(data.toString().getBytes(StandardCharsets.UTF_8));
        out.appendString("\n\n");
    }
}
