package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.secret.KeyRedaction;
import io.vertx.core.buffer.Buffer;

/**
 * Errors in OpenAI's shape, {@code {"error":{"message","type","param","code"}}}, for the chat completions
 * route. The OpenAI SDKs pick their exception from the status alone, so statuses stay Anthropic's except
 * 529 (overloaded), which OpenAI clients know as 503.
 */
final class ChatErrors {
    private ChatErrors() {}

    /** A refusal of one request parameter: its name travels in {@code param}. */
    static final class ParamException extends ApiException {
        private final String param;

        ParamException(String param, String message) {
            super(ErrorType.INVALID_REQUEST, param + ": " + message);
            this.param = param;
        }

        String param() {
            return param;
        }
    }

    static ParamException param(String param, String message) {
        return new ParamException(param, message);
    }

    static int status(ErrorType type) {
        return type == ErrorType.OVERLOADED ? 503 : type.status();
    }

    static String json(ApiException e) {
        return body(e.type(), e.getMessage(), e instanceof ParamException p ? p.param() : null).toString();
    }

    /** A stream's error after its head went out: one data line, as OpenAI's streams end on an error. */
    static String sseEvent(ApiException e) {
        return "data: " + json(e) + "\n\n";
    }

    /**
     * An upstream error body (Anthropic's shape) relayed to an OpenAI client: its type and message kept,
     * the shape changed. A body that is not Anthropic's error keeps only its status.
     */
    static Buffer relayed(int status, Buffer anthropicBody) {
        ErrorType type = ErrorType.forStatus(status);
        String message = "upstream error " + status;
        try {
            JsonNode error = Json.mapper().readTree(anthropicBody.getBytes()).path("error");
            ErrorType named = ErrorType.fromWireName(error.path("type").asText(""));
            type = named != null ? named : type;
            message = error.path("message").isTextual() ? error.path("message").asText() : message;
        } catch (Exception e) {
            // not JSON: the status says enough
        }
        return Buffer.buffer(body(type, message, null).toString());
    }

    private static ObjectNode body(ErrorType type, String message, String param) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", KeyRedaction.redact(message));
        error.put("type", typeName(type));
        error.put("param", param);
        error.put("code", code(type));
        return root;
    }

    /** OpenAI's names where they differ from Anthropic's. */
    private static String typeName(ErrorType type) {
        return switch (type) {
            case API, OVERLOADED, TIMEOUT -> "server_error";
            case BILLING -> "insufficient_quota";
            case RATE_LIMIT -> "rate_limit_error";
            default -> type.wireName();
        };
    }

    private static String code(ErrorType type) {
        return switch (type) {
            case AUTHENTICATION -> "invalid_api_key";
            case RATE_LIMIT -> "rate_limit_exceeded";
            case NOT_FOUND -> "not_found";
            default -> null;
        };
    }
}
