package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.translation.LanguageCodes;
import dev.switchyard.translation.TranslationSettings;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code POST /v1/translate} body, checked: {@code text} (one string) or {@code texts} (a list of
 * them), {@code target_language} (an ISO 639-1 code), {@code source_language} ({@code auto}, the
 * default, or a code) and {@code model} (or the configured default). {@code source} is null for auto.
 */
record TranslateRequest(List<String> texts, String target, String source, String model) {
    static final String AUTO = "auto";

    static TranslateRequest parse(Buffer raw, TranslationSettings settings) {
        ObjectNode body = object(raw);
        List<String> texts = texts(body, settings);
        String target = code(body, "target_language", true);
        String source = code(body, "source_language", false);
        String model = model(body, settings.defaultModel());
        return new TranslateRequest(texts, target, source, model);
    }

    private static List<String> texts(ObjectNode body, TranslationSettings settings) {
        JsonNode one = body.get("text");
        JsonNode many = body.get("texts");
        if ((one == null) == (many == null)) {
            throw ApiException.invalidRequest("expected exactly one of text (a string) and texts (a list of strings)");
        }
        List<String> texts = new ArrayList<>();
        if (one != null) {
            texts.add(text(one, "text", settings));
        } else {
            if (!many.isArray() || many.isEmpty()) {
                throw ApiException.invalidRequest("texts: Input should be a non-empty list of strings");
            }
            if (many.size() > settings.maxTexts()) {
                throw ApiException.invalidRequest("texts: at most " + settings.maxTexts() + " texts per request, got "
                        + many.size());
            }
            for (int i = 0; i < many.size(); i++) {
                texts.add(text(many.get(i), "texts." + i, settings));
            }
        }
        long total = texts.stream().mapToLong(String::length).sum();
        if (total > settings.maxChars()) {
            throw ApiException.invalidRequest("texts: at most " + settings.maxChars()
                    + " characters in all per request, got " + total);
        }
        return List.copyOf(texts);
    }

    private static String text(JsonNode n, String field, TranslationSettings settings) {
        if (!n.isTextual() || n.asText().isBlank()) {
            throw ApiException.invalidRequest(field + ": Input should be a non-empty string");
        }
        if (n.asText().length() > settings.maxChars()) {
            throw ApiException.invalidRequest(field + ": at most " + settings.maxChars() + " characters, got "
                    + n.asText().length());
        }
        return n.asText();
    }

    /** A language code; for the source, {@code auto} (or absent) is null. */
    private static String code(ObjectNode body, String field, boolean required) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw ApiException.invalidRequest(field + ": Field required");
            }
            return null;
        }
        String v = n.isTextual() ? n.asText() : "";
        if (!required && AUTO.equals(v)) {
            return null;
        }
        if (!LanguageCodes.valid(v)) {
            throw ApiException.invalidRequest(field + ": expected a lower-case ISO 639-1 code such as \"fr\""
                    + (required ? "" : " or \"auto\"") + ", got " + ClientInput.shortened(n.toString()));
        }
        return v;
    }

    private static String model(ObjectNode body, String fallback) {
        JsonNode n = body.get("model");
        if (n == null || n.isNull()) {
            if (fallback == null) {
                throw ApiException.invalidRequest("model: Field required");
            }
            return fallback;
        }
        if (!n.isTextual() || n.asText().isEmpty() || n.asText().length() > MessagesRequest.MAX_MODEL_LENGTH) {
            throw ApiException.invalidRequest("model: Input should be a non-empty string of at most "
                    + MessagesRequest.MAX_MODEL_LENGTH + " characters");
        }
        return n.asText();
    }

    private static ObjectNode object(Buffer raw) {
        JsonNode n;
        try {
            n = raw.length() == 0 ? null : Json.mapper().readTree(raw.getBytes());
        } catch (Exception e) {
            throw ApiException.invalidRequest("request body is not valid JSON");
        }
        if (!(n instanceof ObjectNode o)) {
            throw ApiException.invalidRequest("request body must be a JSON object");
        }
        return o;
    }
}
