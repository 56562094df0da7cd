package dev.switchyard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.TelemetryConfig;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where nothing serves the recent-trace store: no span recorded, the trace context exactly as the SDK's. */
class PropagatingTracerTest {
    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private Telemetry propagating;
    private Telemetry sdk;

    @AfterEach
    void tearDown() {
        for (Telemetry t : new Telemetry[] {propagating, sdk}) {
            if (t != null) {
                t.close();
            }
        }
    }

    private void start(double samplingRatio) {
        TelemetryConfig config = new TelemetryConfig(null, Map.of(), samplingRatio, "t", Map.of(),
                100, 1.0, 0, false);
        propagating = Telemetry.start(config, "t-1", null, false);
        sdk = Telemetry.start(config, "t-1", null, true);
    }

    @Test
    void start_noAdminApiNoExporter_noStoreAndSpansRecordNothing() {
        start(1.0);
        assertThat(propagating.recent()).isNull();
        assertThat(propagating.tracing().enabled()).isTrue();
        Span span = propagating.tracing().start("POST /v1/messages", SpanKind.SERVER, Context.root());
        assertThat(span.isRecording()).isFalse();
        assertThat(span.getSpanContext().isValid()).isTrue();
    }

    @Test
    void start_noAdminApiButAnExporter_recordsForTheExporterWithoutAStore() {
        TelemetryConfig config = TelemetryConfig.defaults().withEndpoint(URI.create("http://127.0.0.1:9/v1/traces"), "t");
        propagating = Telemetry.start(config, "t-1", null, false);
        assertThat(propagating.recent()).isNull();
        assertThat(propagating.tracing().start("POST /v1/messages", SpanKind.SERVER, Context.root()).isRecording())
                .isTrue();
    }

    @Test
    void flags_newRootAndChildrenAtEachSamplingRatio_sameAsTheSdks() {
        for (double ratio : new double[] {1.0, 0.0}) {
            start(ratio);
            assertThat(flagsOf(propagating.tracing())).as("ratio " + ratio).isEqualTo(flagsOf(sdk.tracing()));
            tearDown();
        }
    }

    /** A root's and its child's flags, and whether the child kept the root's trace id. */
    private static String flagsOf(Tracing tracing) {
        Span root = tracing.start("POST /v1/messages", SpanKind.SERVER, Context.root());
        Span child = tracing.start("chat", SpanKind.CLIENT, Context.root().with(root));
        SpanContext r = root.getSpanContext();
        SpanContext c = child.getSpanContext();
        return r.getTraceFlags().asHex() + " " + c.getTraceFlags().asHex() + " " + r.getTraceId().equals(c.getTraceId())
                + " " + !r.getSpanId().equals(c.getSpanId());
    }

    @Test
    void flags_underAClientsSampledAndUnsampledParents_sameAsTheSdks() {
        start(0.0);
        for (TraceFlags client : new TraceFlags[] {TraceFlags.getSampled(), TraceFlags.getDefault()}) {
            assertThat(underClient(propagating.tracing(), client)).isEqualTo(underClient(sdk.tracing(), client));
        }
    }

    private static String underClient(Tracing tracing, TraceFlags flags) {
        SpanContext client = SpanContext.createFromRemoteParent(CLIENT_TRACE, "00f067aa0ba902b7", flags,
                TraceState.builder().put("vendor", "x").build());
        Span server = tracing.start("POST /v1/messages", SpanKind.SERVER, Context.root().with(Span.wrap(client)));
        SpanContext s = server.getSpanContext();
        return s.getTraceId() + " " + s.getTraceFlags().asHex() + " " + s.getTraceState().asMap()
                + " " + s.isRemote() + " " + s.getSpanId().equals("00f067aa0ba902b7");
    }

    @Test
    void injectAfterExtract_clientTraceparentAndBaggage_passOnWithOurSpanId() {
        start(1.0);
        Tracing tracing = propagating.tracing();
        MultiMap in = MultiMap.caseInsensitiveMultiMap()
                .add("traceparent", "00-" + CLIENT_TRACE + "-00f067aa0ba902b7-01").add("baggage", "team=search");
        Context parent = tracing.extract(in);
        Span server = tracing.start("POST /v1/messages", SpanKind.SERVER, parent);
        Span attempt = tracing.start("chat", SpanKind.CLIENT, parent.with(server));
        MultiMap out = MultiMap.caseInsensitiveMultiMap();

        tracing.inject(parent.with(server).with(attempt), out);

        assertThat(out.get("traceparent"))
                .isEqualTo("00-" + CLIENT_TRACE + "-" + attempt.getSpanContext().getSpanId() + "-01");
        assertThat(out.get("baggage")).contains("team=search");
        assertThat(Baggage.fromContext(parent).getEntryValue("team")).isEqualTo("search");
        assertThat(Tracing.traceId(parent.with(server))).isEqualTo(CLIENT_TRACE);
    }
}
