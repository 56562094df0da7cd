package dev.switchyard.core.config;

import java.time.Duration;

/**
 * Upstream timeouts. {@code firstByte}: from sending the request to the response headers;
 * {@code idle}: the longest gap between two chunks of a response body (stream events).
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle) {
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }
}
