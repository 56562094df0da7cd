package dev.switchyard.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses and checks the Messages body, once per request: later steps read {@link #REQUEST}. A body an
 * earlier step built as JSON (a conversation's history) is checked without being parsed again.
 */
final class ParseStep implements Step {
    static final Attribute<MessagesRequest> REQUEST = Attribute.named("messages-request");
    /** A body a step built as JSON before this one ran; checked as it is. */
    static final Attribute<ObjectNode> BUILT = Attribute.named("built-body");

    /** A step that builds the Messages body sends {@code body} on: parsed as it is, forwarded as its bytes. */
    static void replaceBody(Exchange ex, ObjectNode body) {
        ex.put(BUILT, body);
        ex.put(ReadBodyStep.RAW_BODY, Buffer.buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private final boolean requireMaxTokens;

    /** {@code requireMaxTokens}: false for count_tokens, which takes no max_tokens. */
    ParseStep(boolean requireMaxTokens) {
        this.requireMaxTokens = requireMaxTokens;
    }

    @Override
    public Future<Response> request(Exchange ex) {
        ObjectNode built = ex.get(BUILT);
        try {
            ex.put(REQUEST, built != null ? MessagesRequest.check(built, requireMaxTokens)
                    : MessagesRequest.parse(ex.get(ReadBodyStep.RAW_BODY), requireMaxTokens));
            return NEXT;
        } catch (ApiException refused) {
            return Future.failedFuture(refused);
        }
    }

    /** A step changed the body (redacted, translated): later steps and the upstream get the new one. */
    static void replace(Exchange ex, ObjectNode body) {
        MessagesRequest old = ex.get(REQUEST);
        ex.put(REQUEST, new MessagesRequest(RequestJson.of(body), old.model(), old.stream(), old.maxTokens()));
        ex.put(ReadBodyStep.RAW_BODY, Buffer.buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
