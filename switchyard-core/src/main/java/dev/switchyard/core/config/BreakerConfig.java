package dev.switchyard.core.config;

import java.time.Duration;

/**
 * A circuit breaker's settings. A deployment's opens after {@code failureThreshold} consecutive failures;
 * a shared store's (Redis) on most calls of the last seconds failing, once {@code failureThreshold} were
 * made. See {@code dev.switchyard.core.breaker.Breakers}.
 */
public record BreakerConfig(int failureThreshold, Duration openDuration, int halfOpenCalls) {
    public static BreakerConfig defaults() {
        return new BreakerConfig(5, Duration.ofSeconds(60), 1);
    }
}
