package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A Messages event stream as OpenAI {@code chat.completion.chunk}s: the first chunk carries the role,
 * text deltas become {@code content}, a {@code tool_use} block becomes a tool call (its id and name first,
 * then its input JSON in pieces as {@code arguments}), the stop reason a last chunk's
 * {@code finish_reason}; with {@code include_usage} a chunk with no choices and the usage follows; the
 * stream ends with {@code data: [DONE]}. An upstream {@code error} event becomes OpenAI's error line. The last stage that reads Messages events on this route.
 */
final class ChatChunks implements ResponseStage {
    static final String TYPE = "chat.completion.chunk";
    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");

    private final boolean includeUsage;
    private final long created;
    /** Messages block index to OpenAI tool call index (tool calls count from 0, text blocks do not). */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    private String id = "";
    private String model = "";
    private ObjectNode usage = Json.mapper().createObjectNode();

    ChatChunks(boolean includeUsage, long created) {
        this.includeUsage = includeUsage;
        this.created = created;
    }

    @Override
    public void event(ResponseEvent event, EventSink next) {
        JsonNode data = switch (event.type()) {
            case "message_start", "content_block_start", "content_block_delta", "message_delta", "error" ->
                    event.data();
            default -> null;
        };
        switch (event.type()) {
            case "message_start" -> start(data.path("message"), next);
            case "content_block_start" -> blockStart(data, next);
            case "content_block_delta" -> delta(data, next);
            case "message_delta" -> messageDelta(data, next);
            case "message_stop" -> stop(next);
            case "error" -> next.emit(ResponseEvent.framed("error", Buffer.buffer(ChatErrors.sseEvent(upstreamError(data)))));
            default -> { } // ping, content_block_stop: nothing to say in OpenAI's form
        }
    }

    private void start(JsonNode message, EventSink next) {
        id = message.path("id").asText("");
        model = message.path("model").asText("");
        if (message.path("usage").isObject()) {
            usage = message.path("usage").deepCopy();
        }
        ObjectNode delta = Json.mapper().createObjectNode().put("role", "assistant").put("content", "");
        emit(next, delta, null);
    }

    private void blockStart(JsonNode data, EventSink next) {
        JsonNode block = data.path("content_block");
        if (!"tool_use".equals(block.path("type").asText())) {
            return;
        }
        int index = toolCalls.size();
        toolCalls.put(data.path("index").asInt(), index);
        ObjectNode call = Json.mapper().createObjectNode().put("index", index)
                .put("id", block.path("id").asText("")).put("type", "function");
        call.putObject("function").put("name", block.path("name").asText("")).put("arguments", "");
        emitToolCall(next, call);
    }

    private void delta(JsonNode data, EventSink next) {
        JsonNode delta = data.path("delta");
        switch (delta.path("type").asText("")) {
            case "text_delta" -> emit(next, Json.mapper().createObjectNode()
                    .put("content", delta.path("text").asText("")), null);
            case "input_json_delta" -> {
                Integer index = toolCalls.get(data.path("index").asInt());
                if (index != null) {
                    ObjectNode call = Json.mapper().createObjectNode().put("index", index);
                    call.putObject("function").put("arguments", delta.path("partial_json").asText(""));
                    emitToolCall(next, call);
                }
            }
            default -> { } // thinking and signatures are not shown
        }
    }

    private void messageDelta(JsonNode data, EventSink next) {
        data.path("usage").properties().forEach(e -> usage.set(e.getKey(), e.getValue()));
        String reason = data.path("delta").path("stop_reason").asText(null);
        emit(next, Json.mapper().createObjectNode(), ChatReply.finishReason(reason));
    }

    private void stop(EventSink next) {
        if (includeUsage) {
            ObjectNode chunk = ChatReply.head(id, TYPE, created, model);
            chunk.putArray("choices");
            chunk.set("usage", ChatReply.usage(usage));
            next.emit(framed(chunk));
        }
        next.emit(ResponseEvent.framed("done", DONE));
    }

    /** An error event the upstream sent mid-stream, in the stream's own error form. */
    private static ApiException upstreamError(JsonNode data) {
        ErrorType type = ErrorType.fromWireName(data.path("error").path("type").asText(""));
        return new ApiException(type == null ? ErrorType.API : type,
                data.path("error").path("message").asText("upstream error"));
    }

    private void emitToolCall(EventSink next, ObjectNode call) {
        ObjectNode delta = Json.mapper().createObjectNode();
        delta.putArray("tool_calls").add(call);
        emit(next, delta, null);
    }

    private void emit(EventSink next, ObjectNode delta, String finishReason) {
        ObjectNode chunk = ChatReply.head(id, TYPE, created, model);
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        next.emit(framed(chunk));
    }

    private static ResponseEvent framed(ObjectNode chunk) {
        return ResponseEvent.framed(TYPE, Buffer.buffer("data: " + chunk + "\n\n"));
    }
}
