package dev.switchyard.core.error;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.regex.Pattern;

/** Renders Anthropic's error shape, as a JSON body and as an SSE {@code error} event. */
public final class ErrorBodies {
    /**
     * Something shaped like an API key (ours {@code sk-sy-…}, Anthropic's {@code sk-ant-…}): messages
     * echo what the client sent (a path, a model id, an id), and a key put there must not come back
     * in a body that proxies and client logs keep.
     */
    private static final Pattern KEY = Pattern.compile("(?i)\\bsk-[a-z0-9_-]{8,}");

    private ErrorBodies() {}

    /** {@code {"type":"error","error":{"type":..,"message":..},"request_id":..}}. */
    public static String json(ErrorType type, String message, String requestId) {
        StringBuilder sb = new StringBuilder(96 + message.length());
        sb.append("{\"type\":\"error\",\"error\":{\"type\":\"").append(type.wireName())
                .append("\",\"message\":\"");
        JsonStringEncoder.getInstance().quoteAsString(redacted(message), sb);
        sb.append("\"}");
        if (requestId != null) {
            sb.append(",\"request_id\":\"");
            JsonStringEncoder.getInstance().quoteAsString(requestId, sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    static String redacted(String message) {
        return message.indexOf('-') < 0 ? message : KEY.matcher(message).replaceAll("sk-[redacted]");
    }

    /** A complete SSE error event, as the API sends after a stream has started. */
    public static String sseEvent(ErrorType type, String message, String requestId) {
        return "event: error\ndata: " + json(type, message, requestId) + "\n\n";
    }
}
