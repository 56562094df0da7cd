package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;

/**
 * A Messages answer in OpenAI's form: the whole message as a {@code chat.completion}, and the pieces a
 * stream's chunks share (id, stop reason, usage). Text blocks join into {@code content}; {@code tool_use}
 * blocks become {@code tool_calls} with their input as JSON text; thinking is not shown.
 */
final class ChatReply {
    private ChatReply() {}

    static ObjectNode completion(ObjectNode message, long created) {
        ObjectNode out = head(message.path("id").asText(""), "chat.completion", created,
                message.path("model").asText(""));
        ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
        ObjectNode reply = choice.putObject("message").put("role", "assistant");
        StringBuilder text = new StringBuilder();
        ArrayNode calls = Json.mapper().createArrayNode();
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> text.append(block.path("text").asText(""));
                case "tool_use" -> calls.add(toolCall(block));
                default -> { }
            }
        }
        if (text.isEmpty() && !calls.isEmpty()) {
            reply.putNull("content");
        } else {
            reply.put("content", text.toString());
        }
        reply.putNull("refusal");
        if (!calls.isEmpty()) {
            reply.set("tool_calls", calls);
        }
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(message.path("stop_reason").asText(null)));
        out.set("usage", usage(message.path("usage")));
        return out;
    }

    /** The fields every completion and chunk start with. */
    static ObjectNode head(String messageId, String object, long created, String model) {
        return Json.mapper().createObjectNode().put("id", id(messageId)).put("object", object)
                .put("created", created).put("model", model);
    }

    /** chatcmpl- and the message's own id, so a completion can be found in upstream logs. */
    static String id(String messageId) {
        return "chatcmpl-" + (messageId.startsWith("msg_") ? messageId.substring(4) : messageId);
    }

    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop"; // end_turn, stop_sequence, pause_turn
        };
    }

    /**
     * Messages counts cached input apart from input_tokens; OpenAI counts it inside prompt_tokens and
     * says how much of it was cached.
     */
    static ObjectNode usage(JsonNode usage) {
        long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
        long prompt = usage.path("input_tokens").asLong(0) + cacheRead
                + usage.path("cache_creation_input_tokens").asLong(0);
        long completion = usage.path("output_tokens").asLong(0);
        ObjectNode out = Json.mapper().createObjectNode().put("prompt_tokens", prompt)
                .put("completion_tokens", completion).put("total_tokens", prompt + completion);
        out.putObject("prompt_tokens_details").put("cached_tokens", cacheRead);
        return out;
    }

    private static ObjectNode toolCall(JsonNode block) {
        ObjectNode call = Json.mapper().createObjectNode().put("id", block.path("id").asText(""))
                .put("type", "function");
        call.putObject("function").put("name", block.path("name").asText(""))
                .put("arguments", block.path("input").isMissingNode() ? "{}" : block.path("input").toString());
        return call;
    }
}
