package dev.switchyard.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.netty.util.AsciiString;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;

/**
 * The legacy Text Completions API, {@code POST /v1/complete}: a completion of the simulator's words, as
 * many as a Messages answer would have, stopping at {@code max_tokens_to_sample} ({@code max_tokens}) or
 * else at the next human turn ({@code stop_sequence}, {@code stop: "\n\nHuman:"}). A stream sends one
 * {@code completion} event per word and a last one with the stop reason, all at once: this endpoint is
 * here for pass-through tests, not for timing.
 */
final class CompletionsApi {
    private final Access access;
    private final ModelCatalog catalog;
    private final int responseTokens;

    CompletionsApi(Access access, ModelCatalog catalog, int responseTokens) {
        this.access = access;
        this.catalog = catalog;
        this.responseTokens = responseTokens;
    }

    void handle(HttpServerRequest req, AsciiString requestId) {
        if (access.allowed(req, requestId, HttpMethod.POST)) {
            BodyReader.read(req, requestId, body -> Http.guarded(req, requestId,
                    () -> answer(req, requestId, CompletionRequest.parse(body, catalog))));
        }
    }

    private void answer(HttpServerRequest req, AsciiString requestId, CompletionRequest request) {
        String id = Ids.completionId();
        String[] words = words(request.seed(), Math.min(responseTokens, request.maxTokensToSample()));
        boolean capped = request.maxTokensToSample() < responseTokens;
        if (!request.stream()) {
            Http.json(req, requestId, 200, Buffer.buffer(completion(id, request, String.join("", words), capped)
                    .toString()));
            return;
        }
        Buffer events = Buffer.buffer();
        for (String word : words) {
            events.appendString(event(completion(id, request, word, null)));
        }
        events.appendString(event(completion(id, request, "", capped)));
        req.response().headers().add(Http.CONTENT_TYPE, Http.EVENT_STREAM).add(Http.CACHE_CONTROL, Http.NO_CACHE)
                .add(Http.REQUEST_ID, requestId);
        req.response().end(events);
    }

    /** {@code capped}: true for max_tokens, false for the stop sequence, null for a stream's middle event. */
    private static ObjectNode completion(String id, CompletionRequest request, String text, Boolean capped) {
        ObjectNode completion = Json.mapper().createObjectNode().put("type", "completion").put("id", id)
                .put("completion", text);
        if (capped == null) {
            completion.putNull("stop_reason").putNull("stop");
        } else {
            completion.put("stop_reason", capped ? Wire.MAX_TOKENS : "stop_sequence")
                    .put("stop", capped ? null : CompletionRequest.HUMAN);
        }
        return completion.put("model", request.model().id());
    }

    /** The words of a reply, each with its leading space, as the legacy API's completions begin with one. */
    private static String[] words(long seed, int count) {
        String[] words = new String[count];
        long state = seed;
        for (int i = 0; i < count; i++) {
            state = Words.next(state);
            byte[] text = i == 0 ? Words.FIRST_TEXT[Words.word(state)] : Words.NEXT_TEXT[Words.word(state)];
            words[i] = (i == 0 ? " " : "") + new String(text, StandardCharsets.US_ASCII);
        }
        return words;
    }

    private static String event(ObjectNode data) {
        return "event: completion\ndata: " + data + "\n\n";
    }
}
