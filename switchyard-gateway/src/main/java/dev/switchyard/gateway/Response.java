package dev.switchyard.gateway;

import io.vertx.core.buffer.Buffer;

/**
 * What a step answers with: a Messages response as a sequence of events ({@link EventSource}), which the
 * response phases of the earlier steps see, or a body relayed as it is (an upstream error, a
 * count_tokens answer), which they do not. Headers are put on the exchange's response by the step that
 * answers. {@code stream}: the client asked for an event stream rather than one JSON body.
 */
final class Response {
    final int status;
    final Buffer body;
    final EventSource events;
    final boolean stream;
    /** The bytes a whole message's events were taken from, written as they are when no stage changed one. */
    final Buffer originalBody;

    private Response(int status, Buffer body, EventSource events, boolean stream, Buffer originalBody) {
        this.status = status;
        this.body = body;
        this.events = events;
        this.stream = stream;
        this.originalBody = originalBody;
    }

    static Response raw(int status, Buffer body) {
        return new Response(status, body, null, false, null);
    }

    static Response events(EventSource events, boolean stream) {
        return new Response(200, null, events, stream, null);
    }

    /** A whole message, from these bytes (null: none to reuse). */
    static Response message(com.fasterxml.jackson.databind.node.ObjectNode message, Buffer originalBody,
            boolean stream) {
        return message(WholeMessage.of(message), originalBody, stream);
    }

    /** A whole message, from these bytes (null: none to reuse). */
    static Response message(WholeMessage message, Buffer originalBody, boolean stream) {
        return new Response(200, null, new WholeMessageSource(message), stream, originalBody);
    }
}
