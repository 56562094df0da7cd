package dev.switchyard.auth;

/** Tokens a request used, as the upstream reported them, and the model that served it. */
public record TokenUsage(String servedModel, long inputTokens, long outputTokens, long cacheCreationTokens,
        long cacheReadTokens) {

    public static TokenUsage none(String model) {
        return new TokenUsage(model, 0, 0, 0, 0);
    }

    public long total() {
        return inputTokens + outputTokens + cacheCreationTokens + cacheReadTokens;
    }
}
