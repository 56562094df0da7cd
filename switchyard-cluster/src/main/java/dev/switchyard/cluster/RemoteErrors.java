package dev.switchyard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorBodies;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.error.UnservedException;
import dev.switchyard.core.json.Json;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Errors across a hop: an {@link ApiException} leaves a role as the status and Anthropic error body it
 * would have had in one process (with its headers, retry-after among them) and is rebuilt the same on
 * the caller's side, so a client cannot tell where it was raised.
 */
public final class RemoteErrors {
    private RemoteErrors() {}

    /** Writes {@code failure} as an error response, unless the response has already started. */
    public static void write(HttpServerResponse response, Throwable failure, String requestId) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return;
        }
        ApiException e = failure instanceof ApiException a ? a
                : new ApiException(ErrorType.API, "internal error (" + failure.getClass().getSimpleName() + ")");
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            response.putHeader(h.getKey(), h.getValue());
        }
        if (e instanceof UnservedException) {
            response.putHeader(ClusterProtocol.UNSERVED_HEADER, "true");
        }
        if (e.retryAfter() != null) {
            response.putHeader("retry-after", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        response.setStatusCode(e.status()).putHeader("content-type", "application/json")
                .end(ErrorBodies.json(e.type(), e.getMessage(), requestId));
    }

    /** The caller's side: the error a non-2xx answer stands for. */
    public static ApiException read(String role, int status, MultiMap headers, Buffer body) {
        ErrorType type = ErrorType.forStatus(status);
        String message = "role " + role + " answered " + status;
        try {
            JsonNode error = Json.mapper().readTree(body.getBytes()).path("error");
            if (error.hasNonNull("type")) {
                ErrorType named = ErrorType.fromWireName(error.get("type").asText());
                type = named == null ? type : named;
                message = error.path("message").asText(message);
            }
        } catch (Exception e) {
            // not an Anthropic error body (a proxy's page, say): the status alone decides
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().toLowerCase(Locale.ROOT).startsWith("anthropic-ratelimit-")) {
                extra.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
            }
        }
        return new RemoteApiException(type, message, retryAfter(headers.get("retry-after")), extra);
    }

    /** An {@link ApiException} raised in another role, with the headers it travelled with. */
    static final class RemoteApiException extends ApiException {
        private final Map<String, String> headers;

        RemoteApiException(ErrorType type, String message, Duration retryAfter, Map<String, String> headers) {
            super(type, message, retryAfter);
            this.headers = Map.copyOf(headers);
        }

        @Override
        public Map<String, String> headers() {
            return headers;
        }
    }

    private static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
