package dev.switchyard.telemetry;

import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Tells the Prometheus registry the current span, so latency histograms carry trace-id exemplars: the
 * gateway records a request's latency with the request's span current.
 */
public final class TraceExemplars implements SpanContext {
    @Override
    public String getCurrentTraceId() {
        io.opentelemetry.api.trace.SpanContext c = Span.current().getSpanContext();
        return c.isValid() ? c.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
        io.opentelemetry.api.trace.SpanContext c = Span.current().getSpanContext();
        return c.isValid() ? c.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        return Span.current().getSpanContext().isSampled();
    }

    @Override
    public void markCurrentSpanAsExemplar() {
        // nothing to mark: an exemplar's span is kept by the trace's own sampling
    }
}
