package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.netty.util.AsciiString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's tool use, deterministic like its text: a request with tools whose last turn is the
 * user's own words (not tool results) calls every tool that turn names, or the tool {@code tool_choice}
 * forces, or with {@code any} the first tool; each call's input is {@code {"request": <those words>}}.
 * Several names make parallel calls. {@code tool_choice: none} calls nothing. The answer comes at once,
 * unpaced; a stream gives each input in two pieces.
 */
record ToolCalls(List<String> names, String request) {
    static final ToolCalls NONE = new ToolCalls(List.of(), "");
    private static final int OUTPUT_TOKENS_PER_CALL = 12;

    static ToolCalls asked(JsonNode root) {
        JsonNode tools = root.path("tools");
        JsonNode messages = root.path("messages");
        String choice = root.path("tool_choice").path("type").asText("auto");
        if (!tools.isArray() || tools.isEmpty() || choice.equals("none") || messages.isEmpty()) {
            return NONE;
        }
        JsonNode last = messages.get(messages.size() - 1);
        String words = userWords(last);
        if (words == null) {
            return NONE;
        }
        List<String> names = new ArrayList<>();
        if (choice.equals("tool")) {
            names.add(root.path("tool_choice").path("name").asText());
        } else {
            tools.forEach(t -> {
                String name = t.path("name").asText("");
                if (!name.isEmpty() && words.contains(name)) {
                    names.add(name);
                }
            });
            if (names.isEmpty() && choice.equals("any")) {
                names.add(tools.get(0).path("name").asText());
            }
        }
        return new ToolCalls(List.copyOf(names), words);
    }

    /** The text of a user turn, or null when the turn is not the user's or carries tool results. */
    private static String userWords(JsonNode turn) {
        if (!"user".equals(turn.path("role").asText())) {
            return null;
        }
        JsonNode content = turn.path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if ("tool_result".equals(block.path("type").asText())) {
                return null;
            }
            text.append(block.path("text").asText(""));
        }
        return text.toString();
    }

    static void answer(HttpServerRequest req, AsciiString requestId, MessageRequest request) {
        if (!request.stream()) {
            Http.json(req, requestId, 200, message(request));
            return;
        }
        AsciiString id = Ids.messageId();
        ToolCalls calls = request.toolCalls();
        List<String> ids = toolUseIds(calls);
        req.response().headers().add(Http.CONTENT_TYPE, Http.EVENT_STREAM).add(Http.CACHE_CONTROL, Http.NO_CACHE)
                .add(Http.REQUEST_ID, requestId);
        req.response().end(calls.events(id, request, ids));
    }

    /** The non-streaming answer: a Message whose content is the tool calls. */
    static Buffer message(MessageRequest request) {
        ToolCalls calls = request.toolCalls();
        return Buffer.buffer(calls.message(Ids.messageId(), request, toolUseIds(calls)).toString());
    }

    private static List<String> toolUseIds(ToolCalls calls) {
        return calls.names().stream().map(n -> Ids.toolUseId().toString()).toList();
    }

    private ObjectNode message(AsciiString id, MessageRequest request, List<String> ids) {
        ObjectNode m = Json.mapper().createObjectNode().put("id", id.toString()).put("type", "message")
                .put("role", "assistant").put("model", request.model().id());
        ArrayNode content = m.putArray("content");
        for (int i = 0; i < names.size(); i++) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", ids.get(i))
                    .put("name", names.get(i));
            block.set("input", input());
        }
        m.put("stop_reason", "tool_use").putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", request.inputTokens()).put("cache_creation_input_tokens", 0)
                .put("cache_read_input_tokens", 0).put("output_tokens", outputTokens());
        return m;
    }

    private Buffer events(AsciiString id, MessageRequest request, List<String> ids) {
        Buffer b = Wire.messageStart(id, request.model(), request.inputTokens());
        String json = input().toString();
        int half = json.length() / 2;
        for (int i = 0; i < names.size(); i++) {
            ObjectNode start = Json.mapper().createObjectNode().put("type", "content_block_start").put("index", i);
            start.putObject("content_block").put("type", "tool_use").put("id", ids.get(i)).put("name", names.get(i))
                    .putObject("input");
            event(b, "content_block_start", start);
            for (String piece : new String[] {json.substring(0, half), json.substring(half)}) {
                ObjectNode delta = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", i);
                delta.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
                event(b, "content_block_delta", delta);
            }
            event(b, "content_block_stop", Json.mapper().createObjectNode().put("type", "content_block_stop")
                    .put("index", i));
        }
        return b.appendBuffer(Wire.messageDelta("tool_use", outputTokens())).appendBuffer(Wire.MESSAGE_STOP);
    }

    private ObjectNode input() {
        return Json.mapper().createObjectNode().put("request", request);
    }

    private int outputTokens() {
        return OUTPUT_TOKENS_PER_CALL * names.size();
    }

    private static void event(Buffer b, String type, ObjectNode data) {
        b.appendString("event: " + type + "\ndata: " + data + "\n\n");
    }
}
