package dev.switchyard.simulator;

import io.vertx.core.buffer.Buffer;

/** The non-streaming answer to a valid Messages request: the body of a 200, and a batch's succeeded result. */
final class MessageAnswer {
    private MessageAnswer() {}

    static Buffer of(MessageRequest request, int responseTokens) {
        if (!request.toolCalls().names().isEmpty()) {
            return ToolCalls.message(request);
        }
        return Wire.message(Ids.messageId(), request.model(), request, Reply.to(request, responseTokens));
    }
}
