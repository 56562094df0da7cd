package dev.switchyard.core.config;

import java.time.Duration;

/**
 * How the upstream caller treats failures. {@code maxAttempts} counts every try of one model
 * (the first and its retries on other deployments); {@code maxRetryAfter} caps how long a
 * {@code retry-after} from an upstream may hold a request back before it is retried.
 * {@code maxOutputTokens} bounds max_tokens for models neither configured nor known (see {@link OutputLimits}).
 */
public record UpstreamConfig(int maxAttempts, Duration maxRetryAfter, String defaultStrategy, BreakerConfig breaker,
        long maxOutputTokens) {

    public UpstreamConfig(int maxAttempts, Duration maxRetryAfter, String defaultStrategy, BreakerConfig breaker) {
        this(maxAttempts, maxRetryAfter, defaultStrategy, breaker, OutputLimits.DEFAULT_MAX);
    }

    public static UpstreamConfig defaults() {
        return new UpstreamConfig(3, Duration.ofSeconds(5), "round_robin", BreakerConfig.defaults());
    }
}
