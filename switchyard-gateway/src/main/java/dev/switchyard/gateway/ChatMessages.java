package dev.switchyard.gateway;

import static dev.switchyard.gateway.ChatErrors.param;
import static dev.switchyard.gateway.ChatRequest.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;

/**
 * OpenAI's {@code messages} as Messages' {@code system} and {@code messages}: system and developer
 * messages hoisted into one system prompt; tool messages become {@code tool_result} blocks of a user turn
 * and an assistant's {@code tool_calls} its {@code tool_use} blocks; consecutive turns of one role are
 * merged, so parallel tool results travel in one user turn as Messages expects.
 */
final class ChatMessages {
    private ChatMessages() {}

    static void convert(JsonNode messages, ObjectNode out) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw param("messages", "expected a non-empty list of messages");
        }
        StringBuilder system = new StringBuilder();
        ArrayNode turns = out.putArray("messages");
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String at = "messages[" + i + "]";
            String role = m.path("role").asText("");
            switch (role) {
                case "system", "developer" -> system.append(system.isEmpty() ? "" : "\n\n")
                        .append(ChatContent.plainText(m.get("content"), at + ".content"));
                case "user" -> append(turns, "user", ChatContent.userBlocks(m.get("content"), at + ".content"));
                case "assistant" -> append(turns, "assistant", assistant(m, at));
                case "tool" -> append(turns, "user", toolResult(m, at));
                default -> throw param(at + ".role", "expected system, developer, user, assistant or tool");
            }
        }
        if (!system.isEmpty()) {
            out.put("system", system.toString());
        }
        if (turns.isEmpty()) {
            throw param("messages", "at least one user or assistant message is required");
        }
    }

    private static ArrayNode assistant(JsonNode m, String at) {
        ArrayNode blocks = Json.mapper().createArrayNode();
        JsonNode content = m.get("content");
        if (present(content)) {
            String text = ChatContent.plainText(content, at + ".content");
            if (!text.isEmpty()) {
                blocks.addObject().put("type", "text").put("text", text);
            }
        }
        JsonNode calls = m.get("tool_calls");
        if (present(calls)) {
            for (int k = 0; k < calls.size(); k++) {
                blocks.add(toolUse(calls.get(k), at + ".tool_calls[" + k + "]"));
            }
        }
        if (blocks.isEmpty()) {
            throw param(at + ".content", "an assistant message needs content or tool_calls");
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String at) {
        JsonNode function = call.path("function");
        String name = ChatRequest.requireText(function.path("name"), at + ".function.name");
        JsonNode input;
        try {
            input = Json.mapper().readTree(function.path("arguments").asText("{}"));
        } catch (Exception e) {
            throw param(at + ".function.arguments", "expected a JSON object as text");
        }
        if (input == null || !input.isObject()) {
            throw param(at + ".function.arguments", "expected a JSON object as text");
        }
        ObjectNode block = Json.mapper().createObjectNode().put("type", "tool_use")
                .put("id", ChatRequest.requireText(call.path("id"), at + ".id")).put("name", name);
        block.set("input", input);
        return block;
    }

    private static ArrayNode toolResult(JsonNode m, String at) {
        ArrayNode blocks = Json.mapper().createArrayNode();
        blocks.addObject().put("type", "tool_result")
                .put("tool_use_id", ChatRequest.requireText(m.path("tool_call_id"), at + ".tool_call_id"))
                .put("content", ChatContent.plainText(m.get("content"), at + ".content"));
        return blocks;
    }

    /** Adds a turn, or its blocks to the previous turn when that one has the same role. */
    private static void append(ArrayNode turns, String role, ArrayNode blocks) {
        JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
        if (last != null && role.equals(last.path("role").asText())) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode turn = turns.addObject().put("role", role);
        turn.set("content", blocks);
    }
}
