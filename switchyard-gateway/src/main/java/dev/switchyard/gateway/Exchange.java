package dev.switchyard.gateway;

import dev.switchyard.claude.Cancellation;
import dev.switchyard.core.net.HeaderNames;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Arrays;

/**
 * One client request as it moves down the chain: the HTTP request and response, its id and start, and
 * the typed {@link Attribute}s the steps leave for each other. Lives on one event loop, so nothing here
 * is synchronized. {@code model} and {@code deployment} are the two values every route's metrics read.
 */
final class Exchange {
    final HttpServerRequest request;
    final HttpServerResponse response;
    final String requestId;
    final String route;
    /** The API the client speaks on this route: the shape its errors take. */
    final Dialect dialect;
    final long startNanos;
    final Cancellation cancellation = new Cancellation();
    /** The request's server span and its context (invalid and root when tracing is off). */
    Span span = Span.getInvalid();
    Context trace = Context.root();
    String model = "-";
    String deployment = "-";
    /** See {@link #pauseBody}. */
    private boolean bodyPaused;
    private Object[] attributes = new Object[Attribute.count()];

    Exchange(HttpServerRequest request, String route) {
        this.request = request;
        this.response = request.response();
        this.requestId = RequestIds.next();
        this.route = route;
        this.dialect = Dialect.of(route);
        this.startNanos = System.nanoTime();
        response.putHeader(HeaderNames.REQUEST_ID, requestId);
    }

    /**
     * Holds the client's body, unread, until {@link BodyReader} reads it, which then resumes it. A body
     * never paused is never resumed: a resume is a task on the event loop, which keeps the whole exchange
     * reachable until the loop runs it, often after the response has gone.
     */
    void pauseBody() {
        request.pause();
        bodyPaused = true;
    }

    boolean bodyPaused() {
        return bodyPaused;
    }

    @SuppressWarnings("unchecked")
    <T> T get(Attribute<T> key) {
        return key.index < attributes.length ? (T) attributes[key.index] : null;
    }

    boolean has(Attribute<?> key) {
        return get(key) != null;
    }

    <T> void put(Attribute<T> key, T value) {
        if (key.index >= attributes.length) {
            attributes = Arrays.copyOf(attributes, Math.max(key.index + 1, Attribute.count()));
        }
        attributes[key.index] = value;
    }

    /** True when this request has a span recording (tracing on, and something reads spans). */
    boolean traced() {
        return span.isRecording();
    }

    /**
     * True when this request is in a trace, recorded or not: its context is current while steps run, so
     * the upstream gets it, and its trace id goes into logs and exemplars.
     */
    boolean inTrace() {
        return span.getSpanContext().isValid();
    }

    /** This request's trace id for log lines, "-" when it has none. */
    String traceId() {
        return Tracing.traceId(trace);
    }

    /** True once the client is gone or the response is finished: nothing more may be written. */
    boolean closed() {
        return response.ended() || response.closed();
    }
}
