package dev.switchyard.gateway;

import static dev.switchyard.gateway.ChatErrors.param;
import static dev.switchyard.gateway.ChatRequest.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;

/**
 * {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} as Messages' tools: a function's
 * {@code parameters} is its {@code input_schema}; auto, none and a named function keep their meaning,
 * {@code required} is Messages' {@code any}; turning parallel calls off sets
 * {@code disable_parallel_tool_use}.
 */
final class ChatTools {
    private ChatTools() {}

    static void convert(ObjectNode body, ObjectNode out) {
        JsonNode tools = body.get("tools");
        if (present(tools)) {
            if (!tools.isArray()) {
                throw param("tools", "expected a list of tools");
            }
            ArrayNode converted = out.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                converted.add(tool(tools.get(i), "tools[" + i + "]"));
            }
        }
        ObjectNode choice = choice(body.get("tool_choice"));
        if (body.path("parallel_tool_calls").isBoolean() && !body.path("parallel_tool_calls").asBoolean()
                && present(tools)) {
            choice = choice != null ? choice : out.objectNode().put("type", "auto");
            if (!"none".equals(choice.path("type").asText())) {
                choice.put("disable_parallel_tool_use", true);
            }
        }
        if (choice != null) {
            out.set("tool_choice", choice);
        }
    }

    private static ObjectNode tool(JsonNode tool, String at) {
        if (!"function".equals(tool.path("type").asText())) {
            throw param(at + ".type", "only function tools are supported");
        }
        JsonNode f = tool.path("function");
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("name", ChatRequest.requireText(f.path("name"), at + ".function.name"));
        if (f.path("description").isTextual()) {
            out.put("description", f.path("description").asText());
        }
        JsonNode schema = f.get("parameters");
        if (present(schema) && !schema.isObject()) {
            throw param(at + ".function.parameters", "expected a JSON Schema object");
        }
        if (present(schema)) {
            out.set("input_schema", schema);
        } else {
            out.putObject("input_schema").put("type", "object");
        }
        return out;
    }

    private static ObjectNode choice(JsonNode choice) {
        if (!present(choice)) {
            return null;
        }
        ObjectNode out = Json.mapper().createObjectNode();
        if (choice.isTextual()) {
            return switch (choice.asText()) {
                case "auto" -> out.put("type", "auto");
                case "none" -> out.put("type", "none");
                case "required" -> out.put("type", "any");
                default -> throw param("tool_choice", "expected auto, none, required or a function");
            };
        }
        if ("function".equals(choice.path("type").asText())) {
            return out.put("type", "tool")
                    .put("name", ChatRequest.requireText(choice.path("function").path("name"), "tool_choice.function.name"));
        }
        throw param("tool_choice", "expected auto, none, required or a function");
    }
}
