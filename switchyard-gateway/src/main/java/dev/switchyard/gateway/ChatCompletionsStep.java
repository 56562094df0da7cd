package dev.switchyard.gateway;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;

/**
 * {@code POST /v1/chat/completions} on the Messages path: the OpenAI body becomes a Messages body
 * ({@link ChatRequest}) for the steps after this one, so admission, the filter, the cache, routing and the
 * ledger treat it as any other call. On the way back Claude's answer, streamed or whole, leaves in
 * OpenAI's form: chunks ({@link ChatChunks}) or one {@code chat.completion} ({@link ChatReply}).
 */
final class ChatCompletionsStep implements Step {
    static final Attribute<ChatRequest> CHAT = Attribute.named("chat-request");
    /** Duplicate keys refused, as on the Messages route. */
    private static final ObjectReader READER = Json.mapper().reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    private final Clock clock;
    private final OutputLimits limits;

    ChatCompletionsStep(Clock clock, OutputLimits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        ChatRequest chat;
        try {
            chat = ChatRequest.from(object(ex.get(ReadBodyStep.RAW_BODY)), limits);
        } catch (ApiException refused) {
            return Future.failedFuture(refused);
        }
        ex.put(CHAT, chat);
        ParseStep.replaceBody(ex, chat.messages());
        return NEXT;
    }

    @Override
    public ResponseStage response(Exchange ex) {
        ChatRequest chat = ex.get(CHAT);
        if (chat == null) {
            return null;
        }
        long created = clock.instant().getEpochSecond();
        if (chat.stream()) {
            return new ChatChunks(chat.includeUsage(), created);
        }
        return new WholeMessageStage(false) {
            @Override
            Future<Void> message(ObjectNode message, boolean complete, EventSink next) {
                if (message == null) {
                    if (complete) {
                        next.fail(ApiException.overloaded("the upstream answer was incomplete"));
                    }
                    return Future.succeededFuture();
                }
                return write(ex, ChatReply.completion(message, created));
            }
        };
    }

    /** Written here: the client gets a completion, not a Message; the writer finds the response ended. */
    private static Future<Void> write(Exchange ex, ObjectNode completion) {
        if (ex.closed()) {
            return Future.succeededFuture();
        }
        ex.response.setStatusCode(200).putHeader("content-type", "application/json");
        return ex.response.end(completion.toString()).otherwiseEmpty();
    }

    private static ObjectNode object(Buffer raw) {
        JsonNode node;
        try {
            node = raw.length() == 0 ? null : READER.readTree(raw.getBytes());
        } catch (Exception e) {
            throw ApiException.invalidRequest("request body is not valid JSON");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw ApiException.invalidRequest("request body must be a JSON object");
        }
        return obj;
    }
}
