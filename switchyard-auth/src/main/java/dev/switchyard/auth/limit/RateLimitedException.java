package dev.switchyard.auth.limit;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import java.time.Duration;
import java.util.Map;

/** A 429 that carries the {@code anthropic-ratelimit-*} headers of the refused request. */
public final class RateLimitedException extends ApiException {
    private final transient Map<String, String> headers;

    public RateLimitedException(String message, Duration retryAfter, Map<String, String> headers) {
        super(ErrorType.RATE_LIMIT, message, retryAfter);
        this.headers = Map.copyOf(headers);
    }

    public Map<String, String> headers() {
        return headers;
    }
}
