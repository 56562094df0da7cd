package dev.switchyard.core.config;

import java.time.Duration;

/**
 * Upstream timeouts. {@code firstByte}: from sending the request to the response headers;
 * {@code idle}: the longest gap between two chunks of a response body (stream events);
 * {@code body}: the longest a non-streaming response body may take, from its headers to its end.
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration body) {
    public static final Duration DEFAULT_BODY = Duration.ofSeconds(60);

    /** With the default body deadline. */
    public Timeouts(Duration connect, Duration firstByte, Duration idle) {
        this(connect, firstByte, idle, DEFAULT_BODY);
    }

    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), DEFAULT_BODY);
    }
}
