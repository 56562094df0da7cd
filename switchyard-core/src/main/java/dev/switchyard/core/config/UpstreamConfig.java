package dev.switchyard.core.config;

import java.time.Duration;

/**
 * How the upstream caller treats failures. {@code maxAttempts} counts every try of one model
 * (the first and its retries on other deployments); {@code maxRetryAfter} caps how long a
 * {@code retry-after} from an upstream may hold a request back before it is retried.
 */
public record UpstreamConfig(int maxAttempts, Duration maxRetryAfter, String defaultStrategy, BreakerConfig breaker) {
    public static UpstreamConfig defaults() {
        return new UpstreamConfig(3, Duration.ofSeconds(5), "round_robin", BreakerConfig.defaults());
    }
}
