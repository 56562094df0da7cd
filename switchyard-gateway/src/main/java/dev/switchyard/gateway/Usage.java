package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;

/** Token counts of one response, filled in as they become known. */
final class Usage {
    /** Far above any request's real usage (context windows are millions of tokens, not billions). */
    static final long MAX_REPORTED = 1_000_000_000L;
    long inputTokens;
    long outputTokens;
    long cacheCreationTokens;
    long cacheReadTokens;

    /** Reads an API {@code usage} object; {@code output_tokens} in message_delta is cumulative, so it replaces. */
    void read(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return;
        }
        inputTokens = count(usage.path("input_tokens"), inputTokens);
        outputTokens = count(usage.path("output_tokens"), outputTokens);
        cacheCreationTokens = count(usage.path("cache_creation_input_tokens"), cacheCreationTokens);
        cacheReadTokens = count(usage.path("cache_read_input_tokens"), cacheReadTokens);
    }

    /**
     * A reported count, kept within [0, {@link #MAX_REPORTED}]: these become costs that are added up per
     * key, tenant and day, and an upstream (or a cached body) saying 2^63 must not wrap those sums.
     */
    private static long count(JsonNode n, long current) {
        return Math.min(MAX_REPORTED, Math.max(0, n.asLong(current)));
    }
}
