package dev.switchyard.core.config;

import java.time.Duration;

/** Per-deployment circuit breaker: opens after {@code failureThreshold} consecutive failures. */
public record BreakerConfig(int failureThreshold, Duration openDuration, int halfOpenCalls) {
    public static BreakerConfig defaults() {
        return new BreakerConfig(5, Duration.ofSeconds(60), 1);
    }
}
