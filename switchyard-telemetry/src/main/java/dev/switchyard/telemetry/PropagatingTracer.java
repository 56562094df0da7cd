package dev.switchyard.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Trace context without spans, for a process where nothing would read a span: no exporter, and no admin
 * API serving the recent-trace store (static client keys, a role that is not the gateway or auth). The
 * trace ids still reach what shows them: a request's log lines, its latency exemplar, the {@code
 * traceparent} sent upstream with a span id of its own. Ids, sampled flag and trace state follow the
 * SDK's rules (the same sampler; a new trace id is random, else the parent's), so a client's sampling
 * decision travels on unchanged; each span is {@link Span#wrap}: attributes and events cost nothing.
 */
final class PropagatingTracer implements TracerProvider, Tracer {
    private static final HexFormat HEX = HexFormat.of();

    private final Sampler sampler;
    private final ContextPropagators propagators;

    PropagatingTracer(Sampler sampler, ContextPropagators propagators) {
        this.sampler = sampler;
        this.propagators = propagators;
    }

    /** This tracer and the propagators as the OpenTelemetry API. */
    OpenTelemetry api() {
        TracerProvider provider = this;
        return new OpenTelemetry() {
            @Override
            public TracerProvider getTracerProvider() {
                return provider;
            }

            @Override
            public ContextPropagators getPropagators() {
                return propagators;
            }
        };
    }

    @Override
    public Tracer get(String instrumentationScopeName) {
        return this;
    }

    @Override
    public Tracer get(String instrumentationScopeName, String instrumentationScopeVersion) {
        return this;
    }

    @Override
    public SpanBuilder spanBuilder(String spanName) {
        return new Builder(spanName);
    }

    /** The context of a new span under {@code context}'s span (none or invalid: a new trace). */
    SpanContext childOf(Context context, String name, SpanKind kind) {
        SpanContext parent = Span.fromContext(context).getSpanContext();
        String traceId = parent.isValid() ? parent.getTraceId() : newTraceId();
        SamplingResult result = sampler.shouldSample(context, traceId, name, kind, Attributes.empty(), List.of());
        TraceFlags flags = TraceFlags.builder()
                .setSampled(result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE)
                .setRandomTraceId(!parent.isValid() || parent.getTraceFlags().isTraceIdRandom())
                .build();
        TraceState state = result.getUpdatedTraceState(parent.isValid() ? parent.getTraceState()
                : TraceState.getDefault());
        return SpanContext.create(traceId, HEX.toHexDigits(nonZero()), flags, state);
    }

    private static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(nonZero());
    }

    private static long nonZero() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    /** Takes its parent and kind; everything a span would record is dropped here. */
    private final class Builder implements SpanBuilder {
        private final String name;
        private Context parent;
        private boolean noParent;
        private SpanKind kind = SpanKind.INTERNAL;

        Builder(String name) {
            this.name = name;
        }

        @Override
        public SpanBuilder setParent(Context context) {
            if (context != null) {
                parent = context;
                noParent = false;
            }
            return this;
        }

        @Override
        public SpanBuilder setNoParent() {
            noParent = true;
            parent = null;
            return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext) {
            return this;
        }

        @Override
        public SpanBuilder addLink(SpanContext spanContext, Attributes attributes) {
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, String value) {
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, long value) {
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, double value) {
            return this;
        }

        @Override
        public SpanBuilder setAttribute(String key, boolean value) {
            return this;
        }

        @Override
        public <T> SpanBuilder setAttribute(AttributeKey<T> key, T value) {
            return this;
        }

        @Override
        public SpanBuilder setSpanKind(SpanKind spanKind) {
            if (spanKind != null) {
                kind = spanKind;
            }
            return this;
        }

        @Override
        public SpanBuilder setStartTimestamp(long startTimestamp, TimeUnit unit) {
            return this;
        }

        @Override
        public Span startSpan() {
            Context context = noParent ? Context.root() : parent != null ? parent : Context.current();
            return Span.wrap(childOf(context, name, kind));
        }
    }
}
