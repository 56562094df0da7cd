package dev.switchyard.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.List;

/**
 * A Messages API body, parsed and checked the way the API checks it: valid JSON, an object, and the
 * required fields with their types. Everything else is left as sent, for the upstream to judge.
 */
record MessagesRequest(ObjectNode body, String model, boolean stream, long maxTokens) {
    /** Sampling numbers: JSON allows 1e999, which a double holds as Infinity; no model takes that. */
    private static final List<String> SAMPLING = List.of("temperature", "top_p", "top_k");
    /**
     * Duplicate keys are refused: the gateway reads one value (Jackson: the last) while the upstream,
     * which gets the raw bytes, may read another, so checks here could be dodged.
     */
    private static final ObjectReader READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    static final int MAX_MODEL_LENGTH = 256;

    static MessagesRequest parse(Buffer raw, boolean requireMaxTokens) {
        return check(object(raw), requireMaxTokens);
    }

    /** Checks a body that is already JSON. */
    static MessagesRequest check(ObjectNode body, boolean requireMaxTokens) {
        String model = requiredText(body, "model");
        if (model.length() > MAX_MODEL_LENGTH) {
            // every model id is short; a long one would go whole into ledger rows, spill files and logs
            throw ApiException.invalidRequest("model: String should have at most " + MAX_MODEL_LENGTH + " characters");
        }
        if (requireMaxTokens) {
            JsonNode maxTokens = body.get("max_tokens");
            if (maxTokens == null || maxTokens.isNull()) {
                throw ApiException.invalidRequest("max_tokens: Field required");
            }
            if (!maxTokens.isIntegralNumber() || !maxTokens.canConvertToLong() || maxTokens.asLong() < 1) {
                throw ApiException.invalidRequest("max_tokens: Input should be a valid integer greater than 0");
            }
        }
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw ApiException.invalidRequest("messages: Field required");
        }
        if (!messages.isArray()) {
            throw ApiException.invalidRequest("messages: Input should be a valid list");
        }
        for (int i = 0; i < messages.size(); i++) {
            checkMessage(messages.get(i), i);
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw ApiException.invalidRequest("stream: Input should be a valid boolean");
        }
        for (String field : SAMPLING) {
            checkFinite(body, field);
        }
        JsonNode maxTokens = body.get("max_tokens");
        long max = maxTokens != null && maxTokens.canConvertToLong() ? Math.max(0, maxTokens.asLong()) : 0;
        return new MessagesRequest(body, model, stream != null && stream.asBoolean(false), max);
    }

    private static ObjectNode object(Buffer raw) {
        if (raw.length() == 0) {
            throw ApiException.invalidRequest("request body is empty; expected a JSON object");
        }
        JsonNode node;
        try {
            node = READER.readTree(raw.getBytes());
        } catch (StreamConstraintsException e) {
            throw ApiException.invalidRequest("request body exceeds a parser limit: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalidRequest("request body is not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw ApiException.invalidRequest("request body must be a JSON object");
        }
        return obj;
    }

    private static void checkFinite(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n != null && n.isNumber() && !Double.isFinite(n.asDouble())) {
            throw ApiException.invalidRequest(field + ": Input should be a finite number");
        }
    }

    private static String requiredText(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            throw ApiException.invalidRequest(field + ": Field required");
        }
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw ApiException.invalidRequest(field + ": Input should be a non-empty string");
        }
        return n.asText();
    }

    private static void checkMessage(JsonNode m, int i) {
        if (!m.isObject()) {
            throw ApiException.invalidRequest("messages." + i + ": Input should be an object");
        }
        JsonNode role = m.get("role");
        if (role == null || !role.isTextual()
                || !("user".equals(role.asText()) || "assistant".equals(role.asText()))) {
            throw ApiException.invalidRequest("messages." + i + ".role: Input should be 'user' or 'assistant'");
        }
        JsonNode content = m.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw ApiException.invalidRequest("messages." + i + ".content: Input should be a string or a list of blocks");
        }
    }
}
