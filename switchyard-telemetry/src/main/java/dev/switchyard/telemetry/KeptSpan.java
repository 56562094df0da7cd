package dev.switchyard.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * One span of a kept trace: what {@code /admin/traces} shows of it, copied out of the SDK's {@link SpanData}
 * (which holds on to the span it came from: its mutable attribute map, its contexts, its event list). Kept
 * traces hold their spans encoded ({@link KeptSpanCodec}); this is their decoded form.
 *
 * @param parentSpanId null when the span has no parent
 * @param parentRemote the parent is in another process (the span is a local root all the same)
 */
public record KeptSpan(String spanId, String parentSpanId, boolean parentRemote, String name, SpanKind kind,
        long startEpochNanos, long endEpochNanos, StatusCode status, Attributes attributes, List<EventData> events) {

    static KeptSpan of(SpanData span) {
        boolean hasParent = span.getParentSpanContext().isValid();
        return new KeptSpan(span.getSpanId(), hasParent ? span.getParentSpanId() : null,
                hasParent && span.getParentSpanContext().isRemote(), span.getName(), span.getKind(),
                span.getStartEpochNanos(), span.getEndEpochNanos(), span.getStatus().getStatusCode(),
                span.getAttributes(), List.copyOf(span.getEvents()));
    }

    /** No parent in this process: the root of what this process recorded of the trace. */
    public boolean localRoot() {
        return parentSpanId == null || parentRemote;
    }

    public boolean failed() {
        return status == StatusCode.ERROR;
    }
}
