package dev.switchyard.core.error;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * An expected rejection that leaves the gateway as an Anthropic error. Carries no stack trace:
 * it is control flow on the request path, not a bug report.
 */
public class ApiException extends RuntimeException {
    private final ErrorType type;
    private final Duration retryAfter;

    public ApiException(ErrorType type, String message) {
        this(type, message, null);
    }

    public ApiException(ErrorType type, String message, Duration retryAfter) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.retryAfter = retryAfter;
    }

    public ErrorType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    /** How long the client should wait before trying again, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Extra response headers this rejection travels with (e.g. anthropic-ratelimit-* on a 429). */
    public Map<String, String> headers() {
        return Map.of();
    }

    public static ApiException invalidRequest(String message) {
        return new ApiException(ErrorType.INVALID_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorType.NOT_FOUND, message);
    }

    public static ApiException overloaded(String message) {
        return new ApiException(ErrorType.OVERLOADED, message);
    }
}
