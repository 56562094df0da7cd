package dev.switchyard.gateway;

import static dev.switchyard.gateway.ChatErrors.param;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.json.Json;

/**
 * An OpenAI Chat Completions body turned into a Messages body, so that the rest of the Messages path
 * runs unchanged. What has no Messages counterpart and would change the answer ({@code n} > 1, log
 * probabilities, logit bias, audio, the deprecated functions) is refused naming the parameter; what only
 * tunes OpenAI's own service (seed, penalties, store, service tier) is ignored, as the API's own
 * compatibility layer does. {@code includeUsage}: a stream ends with a usage chunk.
 */
record ChatRequest(ObjectNode messages, boolean stream, boolean includeUsage) {
    /**
     * OpenAI makes max_tokens optional; Messages requires it. Without one, this much or the model's own
     * bound if lower (admission refuses more than the bound, naming a field the client never sent).
     */
    static final int DEFAULT_MAX_TOKENS = 4096;

    static ChatRequest from(ObjectNode body, OutputLimits limits) {
        refuseUnsupported(body);
        ObjectNode out = Json.mapper().createObjectNode();
        String model = text(body, "model");
        out.put("model", model);
        out.put("max_tokens", maxTokens(body, Math.min(DEFAULT_MAX_TOKENS, limits.maxFor(model))));
        ChatMessages.convert(body.get("messages"), out);
        ChatResponseFormat.apply(body.get("response_format"), out);
        sampling(body, out);
        ChatTools.convert(body, out);
        user(body.get("user"), out);
        boolean stream = flag(body, "stream");
        if (stream) {
            out.put("stream", true);
        }
        return new ChatRequest(out, stream, stream && includeUsage(body.get("stream_options")));
    }

    private static void refuseUnsupported(ObjectNode body) {
        JsonNode n = body.get("n");
        if (present(n) && !(n.isIntegralNumber() && n.asLong() == 1)) {
            throw param("n", "only one choice (n = 1) is supported");
        }
        if (body.path("logprobs").asBoolean(false) || present(body.get("top_logprobs"))) {
            throw param(body.path("logprobs").asBoolean(false) ? "logprobs" : "top_logprobs",
                    "log probabilities are not supported");
        }
        JsonNode bias = body.get("logit_bias");
        if (present(bias) && !(bias.isObject() && bias.isEmpty())) {
            throw param("logit_bias", "logit bias is not supported");
        }
        if (present(body.get("audio"))) {
            throw param("audio", "audio output is not supported");
        }
        for (JsonNode m : body.path("modalities")) {
            if (!"text".equals(m.asText())) {
                throw param("modalities", "only the text modality is supported");
            }
        }
        for (String old : new String[] {"functions", "function_call"}) {
            if (present(body.get(old))) {
                throw param(old, "the deprecated functions API is not supported; use tools");
            }
        }
    }

    private static long maxTokens(ObjectNode body, long byDefault) {
        String field = present(body.get("max_completion_tokens")) ? "max_completion_tokens" : "max_tokens";
        JsonNode n = body.get(field);
        if (!present(n)) {
            return byDefault;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 1) {
            throw param(field, "expected an integer greater than 0");
        }
        return n.asLong();
    }

    /** Messages' temperature runs 0..1, OpenAI's 0..2: higher values are capped at 1. */
    private static void sampling(ObjectNode body, ObjectNode out) {
        JsonNode t = body.get("temperature");
        if (present(t)) {
            out.put("temperature", Math.min(1.0, number(t, "temperature")));
        }
        JsonNode p = body.get("top_p");
        if (present(p)) {
            out.put("top_p", number(p, "top_p"));
        }
        JsonNode stop = body.get("stop");
        if (present(stop)) {
            ArrayNode seqs = out.putArray("stop_sequences");
            if (stop.isTextual()) {
                seqs.add(stop.asText());
            } else if (stop.isArray()) {
                stop.forEach(s -> seqs.add(requireText(s, "stop")));
            } else {
                throw param("stop", "expected a string or a list of strings");
            }
        }
    }

    private static void user(JsonNode user, ObjectNode out) {
        if (present(user)) {
            out.putObject("metadata").put("user_id", requireText(user, "user"));
        }
    }

    private static boolean includeUsage(JsonNode options) {
        return options != null && options.path("include_usage").asBoolean(false);
    }

    private static double number(JsonNode n, String field) {
        if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw param(field, "expected a finite number");
        }
        return n.asDouble();
    }

    private static boolean flag(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (present(n) && !n.isBoolean()) {
            throw param(field, "expected a boolean");
        }
        return present(n) && n.asBoolean();
    }

    static String text(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        if (!present(n)) {
            throw param(field, "field required");
        }
        return requireText(n, field);
    }

    static String requireText(JsonNode n, String field) {
        if (!n.isTextual() || n.asText().isEmpty()) {
            throw param(field, "expected a non-empty string");
        }
        return n.asText();
    }

    static boolean present(JsonNode n) {
        return n != null && !n.isNull();
    }
}
