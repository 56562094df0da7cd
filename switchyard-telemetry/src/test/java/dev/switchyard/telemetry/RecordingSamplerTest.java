package dev.switchyard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-second budget of traces recorded for the recent-trace store, on the SDK with a moved clock. */
class RecordingSamplerTest {
    private final AtomicLong nanos = new AtomicLong(TimeUnit.DAYS.toNanos(3));
    private SdkTracerProvider provider;
    private RecentTraces recent;

    @AfterEach
    void tearDown() {
        if (provider != null) {
            provider.close();
        }
    }

    private Tracer start(Sampler exported, int perSecond) {
        return start(exported, true, perSecond);
    }

    private Tracer start(Sampler exported, boolean exporting, int perSecond) {
        recent = new RecentTraces(100, 1.0);
        provider = SdkTracerProvider.builder().addSpanProcessor(recent)
                .setSampler(new RecordingSampler(exported, exporting, perSecond, nanos::get)).build();
        return provider.get("test");
    }

    /** The defaults: export sampling ratio 1, no exporter. */
    private Tracer startWithoutExporter(int perSecond) {
        return start(Sampler.parentBased(Sampler.traceIdRatioBased(1.0)), false, perSecond);
    }

    private static Span root(Tracer tracer) {
        return tracer.spanBuilder("POST /v1/messages").setSpanKind(SpanKind.SERVER).setParent(Context.root())
                .startSpan();
    }

    @Test
    void roots_beyondTheBudgetInOneSecond_areNotRecordedButKeepAValidContext() {
        Tracer tracer = start(Sampler.alwaysOff(), 2);

        Span first = root(tracer);
        Span second = root(tracer);
        Span third = root(tracer);

        assertThat(first.isRecording()).isTrue();
        assertThat(second.isRecording()).isTrue();
        assertThat(third.isRecording()).isFalse();
        assertThat(third.getSpanContext().isValid()).isTrue();
    }

    @Test
    void roots_inTheNextSecond_areRecordedAgain() {
        Tracer tracer = start(Sampler.alwaysOff(), 1);
        assertThat(root(tracer).isRecording()).isTrue();
        assertThat(root(tracer).isRecording()).isFalse();

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertThat(root(tracer).isRecording()).isFalse();
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));

        assertThat(root(tracer).isRecording()).isTrue();
        assertThat(root(tracer).isRecording()).isFalse();
    }

    @Test
    void children_followTheirParent_andTakeNothingFromTheBudget() {
        Tracer tracer = start(Sampler.alwaysOff(), 1);
        Span recorded = root(tracer);
        Span unrecorded = root(tracer);

        Span childOfRecorded = tracer.spanBuilder("auth").setParent(Context.root().with(recorded)).startSpan();
        Span childOfUnrecorded = tracer.spanBuilder("auth").setParent(Context.root().with(unrecorded)).startSpan();

        assertThat(childOfRecorded.isRecording()).isTrue();
        assertThat(childOfUnrecorded.isRecording()).isFalse();
        assertThat(childOfUnrecorded.getSpanContext().getTraceId()).isEqualTo(unrecorded.getSpanContext().getTraceId());
    }

    @Test
    void roots_theExportSamples_areRecordedWhateverTheBudget() {
        Tracer tracer = start(Sampler.alwaysOn(), 1);

        assertThat(root(tracer).isRecording()).isTrue();
        assertThat(root(tracer).isRecording()).isTrue();
        assertThat(root(tracer).getSpanContext().isSampled()).isTrue();
    }

    @Test
    void noExporter_rootsTheRatioSamplesBeyondTheBudget_areNeitherRecordedNorFlaggedSampled() {
        Tracer tracer = startWithoutExporter(1);

        Span first = root(tracer);
        Span second = root(tracer);

        assertThat(first.isRecording()).isTrue();
        assertThat(first.getSpanContext().isSampled()).isTrue();
        assertThat(second.isRecording()).isFalse();
        assertThat(second.getSpanContext().isSampled()).isFalse();
        Span child = tracer.spanBuilder("auth").setParent(Context.root().with(second)).startSpan();
        assertThat(child.isRecording()).isFalse();
    }

    @Test
    void noExporter_aClientSampledTraceBeyondTheBudget_isRecordedAndKept() {
        Tracer tracer = startWithoutExporter(1);
        root(tracer).end();
        SpanContext client = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

        Span server = tracer.spanBuilder("POST /v1/messages").setSpanKind(SpanKind.SERVER)
                .setParent(Context.root().with(Span.wrap(client))).startSpan();
        Span child = tracer.spanBuilder("auth").setParent(Context.root().with(server)).startSpan();
        child.end();
        server.end();

        assertThat(recent.get(client.getTraceId())).hasValueSatisfying(t -> assertThat(t.spans()).hasSize(2));
    }

    @Test
    void roots_aClientSampled_areRecordedAndKeptWhateverTheBudget() {
        Tracer tracer = start(Sampler.parentBased(Sampler.alwaysOff()), 1);
        root(tracer).end();
        SpanContext client = SpanContext.createFromRemoteParent("4bf92f3577b34da6a3ce929d0e0e4736",
                "00f067aa0ba902b7", TraceFlags.getSampled(), TraceState.getDefault());

        Span server = tracer.spanBuilder("POST /v1/messages").setSpanKind(SpanKind.SERVER)
                .setParent(Context.root().with(Span.wrap(client))).startSpan();
        server.end();

        assertThat(server.isRecording()).isFalse(); // ended
        assertThat(recent.get(client.getTraceId())).isPresent();
    }

    @Test
    void failedTrace_overTheBudget_isNotKept() {
        Tracer tracer = start(Sampler.alwaysOff(), 1);
        Span kept = root(tracer);
        kept.setStatus(StatusCode.ERROR);
        kept.end();

        Span over = root(tracer);
        over.setStatus(StatusCode.ERROR);
        over.end();

        assertThat(recent.get(kept.getSpanContext().getTraceId())).isPresent();
        assertThat(recent.get(over.getSpanContext().getTraceId())).isEmpty();
    }

    @Test
    void noBudget_everyRootIsRecorded() {
        Tracer tracer = start(Sampler.alwaysOff(), 0);

        for (int i = 0; i < 1_000; i++) {
            assertThat(root(tracer).isRecording()).isTrue();
        }
    }
}
