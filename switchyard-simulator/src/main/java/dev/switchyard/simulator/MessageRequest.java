package dev.switchyard.simulator;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;

/**
 * A Messages or count_tokens body that passed validation, reduced to what the answer needs. Validation
 * follows the API: schema errors (400, naming the field the way the API does) before the model lookup
 * (404). The input token estimate is ceil(text characters / 4) + 3 per message + 4, text being the
 * system prompt and every text-like part of the messages; the prompt hash covers the same text plus the
 * model and roles, so stream, max_tokens and unrelated fields do not change the reply.
 */
record MessageRequest(ModelCatalog.Model model, int maxTokens, boolean stream, int inputTokens, long seed,
        ToolCalls toolCalls) {
    private static final int PER_MESSAGE = 3;
    private static final int BASE = 4;

    /** Parses a Messages body ({@code countTokens} false) or a count_tokens body (no max_tokens). */
    static MessageRequest parse(Buffer body, boolean countTokens, ModelCatalog catalog) {
        return parse(readObject(body), countTokens, catalog);
    }

    /** Parses a body already read as JSON (a batch request's params); it must be an object. */
    static MessageRequest parse(JsonNode root, boolean countTokens, ModelCatalog catalog) {
        String modelId = requireString(root, "model");
        int maxTokens = countTokens ? 0 : positiveInt(root, "max_tokens");
        boolean stream = !countTokens && flag(root, "stream");
        Prompt prompt = new Prompt();
        prompt.mix(modelId);
        system(root.get("system"), prompt);
        int count = messages(root.get("messages"), prompt);
        ModelCatalog.Model model = catalog.find(modelId);
        if (model == null) {
            throw ApiException.notFound("model: " + modelId);
        }
        int inputTokens = (int) Math.min(Integer.MAX_VALUE, (prompt.chars + 3) / 4 + (long) PER_MESSAGE * count + BASE);
        return new MessageRequest(model, maxTokens, stream, inputTokens, Words.seed(prompt.hash),
                countTokens ? ToolCalls.NONE : ToolCalls.asked(root));
    }

    static JsonNode readObject(Buffer body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body.getBytes());
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("There was an error parsing the body as JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw ApiException.invalidRequest("There was an error reading the body");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.invalidRequest("The request body must be a JSON object");
        }
        return root;
    }

    /** A required string field, refused in the API's words (Messages and legacy completions alike). */
    static String requireString(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.invalidRequest(field + ": Field required");
        }
        if (!node.isTextual()) {
            throw ApiException.invalidRequest(field + ": Input should be a valid string");
        }
        return node.textValue();
    }

    /** A required integer field of at least 1 (max_tokens, max_tokens_to_sample), refused in the API's words. */
    static int positiveInt(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw ApiException.invalidRequest(field + ": Field required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.invalidRequest(field + ": Input should be a valid integer");
        }
        if (node.intValue() < 1) {
            throw ApiException.invalidRequest(field + ": Input should be greater than or equal to 1");
        }
        return node.intValue();
    }

    private static boolean flag(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiException.invalidRequest(field + ": Input should be a valid boolean");
        }
        return node.booleanValue();
    }

    private static void system(JsonNode system, Prompt prompt) {
        if (system == null || system.isNull()) {
            return;
        }
        if (system.isTextual()) {
            prompt.add(system.textValue());
        } else if (system.isArray()) {
            blocks(system, "system", prompt);
        } else {
            throw ApiException.invalidRequest("system: Input should be a valid string or list");
        }
    }

    private static int messages(JsonNode messages, Prompt prompt) {
        if (messages == null || messages.isNull()) {
            throw ApiException.invalidRequest("messages: Field required");
        }
        if (!messages.isArray()) {
            throw ApiException.invalidRequest("messages: Input should be a valid list");
        }
        if (messages.isEmpty()) {
            throw ApiException.invalidRequest("messages: at least one message is required");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages." + i, prompt);
        }
        return messages.size();
    }

    private static void message(JsonNode message, String path, Prompt prompt) {
        if (!message.isObject()) {
            throw ApiException.invalidRequest(path + ": Input should be a valid dictionary");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()
                || !(role.textValue().equals("user") || role.textValue().equals("assistant"))) {
            throw ApiException.invalidRequest(path + ".role: Input should be 'user' or 'assistant'");
        }
        prompt.mix(role.textValue());
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            throw ApiException.invalidRequest(path + ".content: Field required");
        }
        if (content.isTextual()) {
            prompt.add(content.textValue());
        } else if (content.isArray()) {
            blocks(content, path + ".content", prompt);
        } else {
            throw ApiException.invalidRequest(path + ".content: Input should be a valid string or list");
        }
    }

    private static void blocks(JsonNode blocks, String path, Prompt prompt) {
        for (int i = 0; i < blocks.size(); i++) {
            JsonNode block = blocks.get(i);
            if (!block.isObject()) {
                throw ApiException.invalidRequest(path + "." + i + ": Input should be a valid dictionary");
            }
            JsonNode type = block.get("type");
            if (type == null || !type.isTextual()) {
                throw ApiException.invalidRequest(path + "." + i + ".type: Field required");
            }
            block(block, type.textValue(), path + "." + i, prompt);
        }
    }

    /** Counts the text a block puts before the model; other block kinds (images, documents) count nothing. */
    private static void block(JsonNode block, String type, String path, Prompt prompt) {
        switch (type) {
            case "text" -> prompt.add(requireString(block, "text", path));
            case "thinking" -> prompt.addIfText(block.get("thinking"));
            case "tool_use" -> {
                prompt.addIfText(block.get("name"));
                JsonNode input = block.get("input");
                if (input != null) {
                    prompt.add(input.toString());
                }
            }
            case "tool_result" -> {
                JsonNode content = block.get("content");
                if (content != null && content.isTextual()) {
                    prompt.add(content.textValue());
                } else if (content != null && content.isArray()) {
                    for (JsonNode inner : content) {
                        prompt.addIfText(inner.get("text"));
                    }
                }
            }
            default -> { }
        }
    }

    private static String requireString(JsonNode block, String field, String path) {
        JsonNode node = block.get(field);
        if (node == null || !node.isTextual()) {
            throw ApiException.invalidRequest(path + "." + field + ": Input should be a valid string");
        }
        return node.textValue();
    }

    /** Text the prompt is made of: its length for the estimate and a hash for the reply. */
    private static final class Prompt {
        long chars;
        long hash = 17;

        void add(String text) {
            chars += text.length();
            mix(text);
        }

        /** Counts towards the reply but not the estimate: the model id, the roles. */
        void mix(String text) {
            hash = hash * 31 + text.hashCode();
        }

        void addIfText(JsonNode node) {
            if (node != null && node.isTextual()) {
                add(node.textValue());
            }
        }
    }
}
