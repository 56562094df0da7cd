package dev.switchyard.telemetry;

import dev.switchyard.core.config.TelemetryConfig;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One process's tracing, built from the {@code telemetry:} section: the SDK (never the global one, so
 * several instances live in one JVM in tests), an OTLP/HTTP exporter when an endpoint is set, and the
 * store of recent traces. {@link #off()} is the no-op: no SDK, {@link Tracing#NOOP}.
 */
public final class Telemetry implements AutoCloseable {
    private static final Duration EXPORT_TIMEOUT = Duration.ofSeconds(10);
    private static final String TRACES_PATH = "/v1/traces";

    /** Null when no span is recorded (tracing off, or only trace context propagates). */
    private final OpenTelemetrySdk sdk;
    private final OpenTelemetry api;
    private final Tracing tracing;
    private final RecentTraces recent;

    private Telemetry(OpenTelemetrySdk sdk, OpenTelemetry api, Tracing tracing, RecentTraces recent) {
        this.sdk = sdk;
        this.api = api;
        this.tracing = tracing;
        this.recent = recent;
    }

    public static Telemetry off() {
        return new Telemetry(null, OpenTelemetry.noop(), Tracing.NOOP, null);
    }

    /**
     * Starts tracing as configured. {@code instance}: this process's instance id (the resource's
     * {@code service.instance.id}); {@code extraProcessor} (null: none) sees every recorded span, for tests.
     */
    public static Telemetry start(TelemetryConfig config, String instance, SpanProcessor extraProcessor) {
        return start(config, instance, extraProcessor, true);
    }

    /**
     * As above; {@code recentServed} false: nothing here serves the recent-trace store (no admin API), so it
     * is not kept, and without an exporter (or {@code extraProcessor}) no span is recorded at all: trace
     * context still propagates ({@link PropagatingTracer}).
     */
    public static Telemetry start(TelemetryConfig config, String instance, SpanProcessor extraProcessor,
            boolean recentServed) {
        if (!config.traces() && extraProcessor == null) {
            return off();
        }
        Sampler exported = Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio()));
        ContextPropagators propagators = ContextPropagators.create(TextMapPropagator.composite(
                W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance()));
        if (!recentServed && !config.exports() && extraProcessor == null) {
            OpenTelemetry api = new PropagatingTracer(exported, propagators).api();
            return new Telemetry(null, api, new Tracing(api, config.captureContent()), null);
        }
        SdkTracerProviderBuilder provider = SdkTracerProvider.builder().setResource(resource(config, instance));
        RecentTraces recent = null;
        if (config.recentTraces() > 0 && recentServed) {
            recent = new RecentTraces(config.recentTraces(), config.recentRatio());
            provider.addSpanProcessor(recent);
        }
        if (config.exports()) {
            provider.addSpanProcessor(BatchSpanProcessor.builder(exporter(config)).build());
        }
        if (extraProcessor != null) {
            provider.addSpanProcessor(extraProcessor);
        }
        // without the store, nothing looks at a span the export sampler drops: it need not be recorded
        provider.setSampler(recent == null ? exported
                : new RecordingSampler(exported, config.exports() || extraProcessor != null, config.recentPerSecond(),
                        System::nanoTime));
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider.build())
                .setPropagators(propagators).build();
        return new Telemetry(sdk, sdk, new Tracing(sdk, config.captureContent()), recent);
    }

    private static Resource resource(TelemetryConfig config, String instance) {
        AttributesBuilder attributes = Attributes.builder().put("service.name", config.serviceName());
        if (instance != null) {
            attributes.put("service.instance.id", instance);
        }
        for (Map.Entry<String, String> e : config.resourceAttributes().entrySet()) {
            attributes.put(e.getKey(), e.getValue());
        }
        return Resource.getDefault().merge(Resource.create(attributes.build()));
    }

    private static OtlpHttpSpanExporter exporter(TelemetryConfig config) {
        String base = config.endpoint().toString();
        String url = base.endsWith(TRACES_PATH) ? base : base.replaceAll("/+$", "") + TRACES_PATH;
        OtlpHttpSpanExporterBuilder builder = OtlpHttpSpanExporter.builder().setEndpoint(url)
                .setTimeout(EXPORT_TIMEOUT);
        config.headers().forEach(builder::addHeader);
        return builder.build();
    }

    public Tracing tracing() {
        return tracing;
    }

    /** The OpenTelemetry API of this process ({@link OpenTelemetry#noop()} when off). */
    public OpenTelemetry api() {
        return api;
    }

    /** The recent-trace store; null when it is off. */
    public RecentTraces recent() {
        return recent;
    }

    /** Exports what is pending (bounded wait); for a clean shutdown and for tests. */
    public void flush() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().forceFlush().join(EXPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        if (sdk != null) {
            sdk.getSdkTracerProvider().shutdown().join(EXPORT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
