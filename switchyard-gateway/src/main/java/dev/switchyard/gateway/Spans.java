package dev.switchyard.gateway;

import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.telemetry.TraceNames;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * How the gateway ends its spans. A failure names its error type, never its message: a message may
 * quote the client's input.
 */
final class Spans {
    private Spans() {}

    static void end(Span span, Throwable failure) {
        if (failure != null) {
            failed(span, failure);
        }
        span.end();
    }

    static void failed(Span span, Throwable failure) {
        String type = failure instanceof ApiException api ? api.type().wireName() : failure.getClass().getSimpleName();
        span.setAttribute(TraceNames.ERROR_TYPE, type);
        span.setStatus(StatusCode.ERROR, type);
    }
}
