package dev.switchyard.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The checks of {@link MessagesRequest} read off the token stream, without building the tree (over a quarter
 * of the core path's allocation was the request's and the reply's trees: BENCHMARKS.md, issue 15, twelfth
 * pass). It only accepts: a body it cannot vouch for in every respect (bad JSON, a wrong type, anything
 * unusual such as a huge integer) gets null, and the tree path, which stays the reference, decides and
 * words the refusal. So this may be stricter than the tree path, never looser; the differential test
 * {@code MessagesScanTest} holds it to that.
 */
final class MessagesScan {
    /** What the checks found in an accepted body. */
    record Accepted(String model, boolean stream, long maxTokens) {}

    private MessagesScan() {}

    /** The accepted body's fields, or null when the tree path must decide. */
    static Accepted scan(byte[] bytes, boolean requireMaxTokens) {
        // the tree path's reader: the same limits, and a key given twice fails here too
        try (JsonParser p = MessagesRequest.READER.createParser(bytes)) {
            return p.nextToken() == JsonToken.START_OBJECT ? root(p, requireMaxTokens) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static Accepted root(JsonParser p, boolean requireMaxTokens) throws IOException {
        String model = null;
        boolean messages = false;
        boolean stream = false;
        long maxTokens = requireMaxTokens ? -1 : 0;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "model" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    model = p.getText();
                }
                case "max_tokens" -> {
                    maxTokens = maxTokens(p, value, requireMaxTokens);
                    if (maxTokens < 0) {
                        return null;
                    }
                }
                case "messages" -> {
                    if (value != JsonToken.START_ARRAY || !messages(p)) {
                        return null;
                    }
                    messages = true;
                }
                case "stream" -> {
                    if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE
                            && value != JsonToken.VALUE_NULL) {
                        return null;
                    }
                    stream = value == JsonToken.VALUE_TRUE;
                }
                case "temperature", "top_p", "top_k" -> {
                    if (value.isNumeric() && !Double.isFinite(p.getDoubleValue())) {
                        return null;
                    }
                    JsonScan.read(p, value);
                }
                default -> JsonScan.read(p, value);
            }
        }
        boolean complete = t == JsonToken.END_OBJECT && p.nextToken() == null; // no trailing tokens
        boolean valid = model != null && !model.isEmpty() && model.length() <= MessagesRequest.MAX_MODEL_LENGTH
                && messages && maxTokens >= 0;
        return complete && valid ? new Accepted(model, stream, maxTokens) : null;
    }

    /** max_tokens as a long, or -1 when the tree path must judge it (anything but a small integer or null). */
    private static long maxTokens(JsonParser p, JsonToken value, boolean required) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return required ? -1 : 0;
        }
        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return -1;
        }
        long n = p.getLongValue();
        return required ? (n >= 1 ? n : -1) : Math.max(0, n);
    }

    /** Each message an object with role user or assistant and content a string or a list; at the array's end. */
    private static boolean messages(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            boolean role = false;
            boolean content = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("role")) {
                    role = value == JsonToken.VALUE_STRING
                            && (p.getText().equals("user") || p.getText().equals("assistant"));
                } else if (name.equals("content")) {
                    content = value == JsonToken.VALUE_STRING || value == JsonToken.START_ARRAY;
                }
                JsonScan.read(p, value);
            }
            if (!role || !content) {
                return false;
            }
        }
        return t == JsonToken.END_ARRAY;
    }
}
