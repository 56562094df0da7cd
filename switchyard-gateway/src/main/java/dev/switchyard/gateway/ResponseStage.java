package dev.switchyard.gateway;

import io.vertx.core.Future;

/**
 * The response phase of one step: sees each event of a Messages response in order, on its way from the
 * source (upstream stream, whole body or cache) to the client, and passes on zero, one or more events.
 * Runs on the request's event loop.
 */
interface ResponseStage {
    /** One event; the default passes it on untouched. */
    default void event(ResponseEvent event, EventSink next) {
        next.emit(event);
    }

    /**
     * The source is done. {@code complete}: it reached {@code message_stop} with no error. A stage that
     * held events back passes them on now; the response ends when the returned future completes (a
     * store that must finish before the client is told the answer is complete). Never failed.
     */
    default Future<Void> end(boolean complete, EventSink next) {
        return Future.succeededFuture();
    }
}
