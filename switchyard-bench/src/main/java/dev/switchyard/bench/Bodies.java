package dev.switchyard.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small valid Messages API request bodies. */
final class Bodies {
    static final String MODEL = "claude-sonnet-4-6";

    private Bodies() {}

    static Buffer message(String prompt, int maxTokens, boolean stream) {
        return message(MODEL, prompt, maxTokens, stream);
    }

    static Buffer message(String model, String prompt, int maxTokens, boolean stream) {
        JsonObject body = new JsonObject().put("model", model).put("max_tokens", maxTokens);
        if (stream) {
            body.put("stream", true);
        }
        body.put("messages", new JsonArray().add(new JsonObject().put("role", "user").put("content", prompt)));
        return body.toBuffer();
    }
}
