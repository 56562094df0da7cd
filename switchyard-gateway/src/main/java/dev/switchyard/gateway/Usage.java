package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/** Token counts of one response, filled in as they become known. */
final class Usage {
    long inputTokens;
    long outputTokens;
    long cacheCreationTokens;
    long cacheReadTokens;

    /** Reads an API {@code usage} object; {@code output_tokens} in message_delta is cumulative, so it replaces. */
    void read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        inputTokens = usage.path("input_tokens").asLong(inputTokens);
        outputTokens = usage.path("output_tokens").asLong(outputTokens);
        cacheCreationTokens = usage.path("cache_creation_input_tokens").asLong(cacheCreationTokens);
        cacheReadTokens = usage.path("cache_read_input_tokens").asLong(cacheReadTokens);
    }
}
