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
record MessagesRequest(RequestJson json, String model, boolean stream, long maxTokens) {
    /** Sampling numbers: JSON allows 1e999, which a double holds as Infinity; no model takes that. */
    private static final List<String> SAMPLING = List.of("temperature", "top_p", "top_k");
    /**
     * Duplicate keys are refused: the gateway reads one value (Jackson: the last) while the upstream,
     * which gets the raw bytes, may read another, so checks here could be dodged.
     */
    static final ObjectReader READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    static final int MAX_MODEL_LENGTH = 256;

    /**
     * Checks the client's bytes: read as tokens when they pass (the tree is built only if a step asks for
     * it), parsed into a tree when they do not, for the refusal to name what is wrong.
     */
    static MessagesRequest parse(Buffer raw, boolean requireMaxTokens) {
        if (raw.length() == 0) {
            throw ApiException.invalidRequest("request body is empty; expected a JSON object");
        }
        byte[] bytes = raw.getBytes();
        MessagesScan.Accepted fast = MessagesScan.scan(bytes, requireMaxTokens);
        if (fast != null) {
            // the copy scanned is garbage at once; a request in flight holds only the client's buffer
            return new MessagesRequest(RequestJson.lazy(raw), fast.model(), fast.stream(), fast.maxTokens());
        }
        return parseTree(bytes, requireMaxTokens);
    }

    /** The reference path alone: the bytes parsed into a tree and checked there (tests hold the scan to it). */
    static MessagesRequest parseTree(byte[] bytes, boolean requireMaxTokens) {
        return check(object(bytes), requireMaxTokens);
    }

    /** The body as a JSON tree, built on first use. Do not modify it: {@link ParseStep#replace} a changed one. */
    ObjectNode body() {
        return json.tree();
    }

    /** The tree if a step built it, else null: the upstream then gets the client's bytes without it. */
    ObjectNode bodyIfParsed() {
        return json.treeIfBuilt();
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
        return new MessagesRequest(RequestJson.of(body), model, stream != null && stream.asBoolean(false), max);
    }

    private static ObjectNode object(byte[] raw) {
        JsonNode node;
        try {
            node = READER.readTree(raw);
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
