package dev.switchyard.core.telemetry;

import dev.switchyard.core.net.HeaderNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.vertx.core.MultiMap;

/**
 * What the services need of OpenTelemetry: a tracer, W3C propagation ({@code traceparent},
 * {@code tracestate}, {@code baggage}) in and out of Vert.x headers, and whether prompt text may go into
 * spans. {@link #NOOP} makes no span: every call site asks {@link #enabled()} first, so a process without
 * tracing pays one branch per step.
 *
 * <p>Context travels explicitly where the path goes async (the exchange keeps it); services that start
 * work synchronously from a traced step read {@link Context#current()} at their entry.
 */
public final class Tracing {
    public static final Tracing NOOP = new Tracing(OpenTelemetry.noop(), false);
    private static final String SCOPE = "dev.switchyard";

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final boolean enabled;
    private final boolean captureContent;

    public Tracing(OpenTelemetry openTelemetry, boolean captureContent) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.enabled = openTelemetry != OpenTelemetry.noop();
        this.captureContent = captureContent;
    }

    public boolean enabled() {
        return enabled;
    }

    /** True when an operator allowed prompt and reply text into spans. */
    public boolean captureContent() {
        return captureContent;
    }

    /** A span of this kind under {@code parent} (not started). */
    public SpanBuilder span(String name, SpanKind kind, Context parent) {
        return tracer.spanBuilder(name).setSpanKind(kind).setParent(parent);
    }

    /** Starts a span of this kind under {@code parent}; a no-op span when tracing is off. */
    public Span start(String name, SpanKind kind, Context parent) {
        return enabled ? span(name, kind, parent).startSpan() : Span.getInvalid();
    }

    /** The context a caller sent in its headers (the root context when it sent none). */
    public Context extract(MultiMap headers) {
        return enabled ? propagator.extract(Context.root(), headers, HeaderGetter.INSTANCE) : Context.root();
    }

    /** Writes {@code context}'s trace headers into {@code headers}. */
    public void inject(Context context, MultiMap headers) {
        if (enabled) {
            propagator.inject(context, headers, HeaderGetter.INSTANCE);
        }
    }

    /** The trace id of {@code context}'s span, or "-" when it has none (for log lines and ledger rows). */
    public static String traceId(Context context) {
        var span = Span.fromContext(context).getSpanContext();
        return span.isValid() ? span.getTraceId() : "-";
    }

    private enum HeaderGetter implements TextMapGetter<MultiMap>, TextMapSetter<MultiMap> {
        INSTANCE;

        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }

        @Override
        public void set(MultiMap carrier, String key, String value) {
            if (carrier != null) {
                carrier.set(HeaderNames.traceHeader(key), value);
            }
        }
    }
}
