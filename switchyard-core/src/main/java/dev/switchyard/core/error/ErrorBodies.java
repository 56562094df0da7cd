package dev.switchyard.core.error;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.switchyard.core.secret.KeyRedaction;

/**
 * Renders Anthropic's error shape, as a JSON body and as an SSE {@code error} event. Messages echo what
 * the client sent (a path, a model id, an id): key-shaped text in them is redacted.
 */
public final class ErrorBodies {
    private ErrorBodies() {}

    /** {@code {"type":"error","error":{"type":..,"message":..},"request_id":..}}. */
    public static String json(ErrorType type, String message, String requestId) {
        StringBuilder sb = new StringBuilder(96 + message.length());
        sb.append("{\"type\":\"error\",\"error\":{\"type\":\"").append(type.wireName())
                .append("\",\"message\":\"");
        JsonStringEncoder.getInstance().quoteAsString(KeyRedaction.redact(message), sb);
        sb.append("\"}");
        if (requestId != null) {
            sb.append(",\"request_id\":\"");
            JsonStringEncoder.getInstance().quoteAsString(requestId, sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    /** A complete SSE error event, as the API sends after a stream has started. */
    public static String sseEvent(ErrorType type, String message, String requestId) {
        return "event: error\ndata: " + json(type, message, requestId) + "\n\n";
    }
}
