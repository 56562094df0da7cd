package dev.switchyard.core.error;

import java.time.Duration;
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
