package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;

/** Where a {@link ResponseStage} passes events on: the next stage, and at the end of them the client. */
interface EventSink {
    void emit(ResponseEvent event);

    /**
     * Ends the response with an error (in the route's shape) instead of what was to come: an {@code error} event on a
     * stream, an error body otherwise. The source is stopped; later events are dropped.
     */
    void fail(ApiException error);
}
