package dev.switchyard.gateway;

import static dev.switchyard.gateway.ChatErrors.param;
import static dev.switchyard.gateway.ChatRequest.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code response_format} as an instruction at the end of the system prompt: {@code json_object} asks for
 * one JSON object, {@code json_schema} for one that conforms to the schema given. An instruction, not a
 * constrained decoder: it works on every deployment whatever its model supports.
 */
final class ChatResponseFormat {
    static final String JSON_OBJECT = "Respond with a single valid JSON object and nothing else: no prose, no code fences.";
    static final String JSON_SCHEMA = "Respond with a single valid JSON object, and nothing else, that conforms to"
            + " this JSON Schema:\n";

    private ChatResponseFormat() {}

    static void apply(JsonNode format, ObjectNode out) {
        if (!present(format)) {
            return;
        }
        String instruction = switch (format.path("type").asText("")) {
            case "text" -> null;
            case "json_object" -> JSON_OBJECT;
            case "json_schema" -> JSON_SCHEMA + schema(format.path("json_schema"));
            default -> throw param("response_format.type", "expected text, json_object or json_schema");
        };
        if (instruction != null) {
            String system = out.path("system").asText("");
            out.put("system", system.isEmpty() ? instruction : system + "\n\n" + instruction);
        }
    }

    private static String schema(JsonNode jsonSchema) {
        JsonNode schema = jsonSchema.get("schema");
        if (schema == null || !schema.isObject()) {
            throw param("response_format.json_schema.schema", "expected a JSON Schema object");
        }
        return schema.toString();
    }
}
