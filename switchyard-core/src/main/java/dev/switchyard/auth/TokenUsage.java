package dev.switchyard.auth;

/** Tokens a request used, as the upstream reported them, and the model that served it. */
public record TokenUsage(String servedModel, long inputTokens, long outputTokens, long cacheCreationTokens,
        long cacheReadTokens) {

    public static TokenUsage none(String model) {
        return new TokenUsage(model, 0, 0, 0, 0);
    }

    /** The sum of the counts (negative ones as 0), saturating at {@code Long.MAX_VALUE} instead of wrapping. */
    public long total() {
        long sum = 0;
        for (long n : new long[] {inputTokens, outputTokens, cacheCreationTokens, cacheReadTokens}) {
            sum = n <= 0 ? sum : n > Long.MAX_VALUE - sum ? Long.MAX_VALUE : sum + n;
        }
        return sum;
    }
}
