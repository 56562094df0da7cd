package dev.switchyard.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.TelemetryConfig;
import dev.switchyard.core.telemetry.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.lang.ref.WeakReference;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RecentTracesTest {
    private Telemetry telemetry;

    private Tracing start(int size, double ratio) {
        // every trace recorded (no per-second budget: RecordingSamplerTest covers it), so the store alone decides
        TelemetryConfig d = TelemetryConfig.defaults();
        telemetry = Telemetry.start(new TelemetryConfig(null, Map.of(), d.samplingRatio(), d.serviceName(), Map.of(),
                size, ratio, 0, false), "test-1", null);
        return telemetry.tracing();
    }

    @AfterEach
    void tearDown() {
        if (telemetry != null) {
            telemetry.close();
        }
    }

    /** A request: a server span with one child that ends first. */
    private static String request(Tracing tracing, Context parent, boolean fail) {
        Span server = tracing.start("POST /v1/messages", SpanKind.SERVER, parent);
        Span child = tracing.start("auth", SpanKind.INTERNAL, Context.root().with(server));
        if (fail) {
            child.setStatus(StatusCode.ERROR);
        }
        child.end();
        server.end();
        return server.getSpanContext().getTraceId();
    }

    @Test
    void keep_ratioZeroUnsampledOk_traceDropped() {
        Tracing tracing = start(10, 0);
        String id = request(tracing, Context.root(), false);
        assertThat(telemetry.recent().get(id)).isEmpty();
        assertThat(telemetry.recent().list(10)).isEmpty();
    }

    @Test
    void keep_ratioZeroButAChildFailed_traceKeptWithBothSpans() {
        Tracing tracing = start(10, 0);
        String id = request(tracing, Context.root(), true);
        assertThat(telemetry.recent().get(id)).hasValueSatisfying(t -> assertThat(t.spans()).hasSize(2));
    }

    @Test
    void keep_ratioZeroButTheClientSampledIt_traceKeptUnderTheClientsTraceId() {
        Tracing tracing = start(10, 0);
        SpanContext client = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
        String id = request(tracing, Context.root().with(Span.wrap(client)), false);
        assertThat(id).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(telemetry.recent().get(id)).isPresent();
    }

    @Test
    void keep_clientDidNotSampleAndRatioZero_traceDropped() {
        Tracing tracing = start(10, 0);
        SpanContext client = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319d",
                "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.getDefault());
        String id = request(tracing, Context.root().with(Span.wrap(client)), false);
        assertThat(telemetry.recent().get(id)).isEmpty();
    }

    @Test
    void list_moreTracesThanCapacity_newestKeptNewestFirst() {
        Tracing tracing = start(3, 1.0);
        String[] ids = new String[5];
        for (int i = 0; i < 5; i++) {
            ids[i] = request(tracing, Context.root(), false);
        }
        assertThat(telemetry.recent().list(10)).extracting(RecentTraces.StoredTrace::traceId)
                .containsExactly(ids[4], ids[3], ids[2]);
        assertThat(telemetry.recent().list(2)).hasSize(2);
    }

    @Test
    void lateSpan_endsAfterItsKeptRoot_joinsTheTrace() {
        Tracing tracing = start(10, 1.0);
        Span server = tracing.start("POST /v1/messages", SpanKind.SERVER, Context.root());
        Span store = tracing.start("cache.store", SpanKind.INTERNAL, Context.root().with(server));
        server.end();
        store.end();
        String id = server.getSpanContext().getTraceId();
        assertThat(telemetry.recent().get(id)).hasValueSatisfying(t -> assertThat(t.spans()).hasSize(2));
    }

    @Test
    void collecting_rootsThatNeverEnd_boundedAndAnEndedTraceIsStillKept() {
        Tracing tracing = start(10, 1.0);
        for (int i = 0; i < RecentTraces.COLLECTING + 100; i++) {
            tracing.start("leaked", SpanKind.SERVER, Context.root()); // never ended
        }
        assertThat(telemetry.recent().collectingNow()).isEqualTo(RecentTraces.COLLECTING);

        String id = request(tracing, Context.root(), false);

        assertThat(telemetry.recent().get(id)).hasValueSatisfying(t -> assertThat(t.spans()).hasSize(1));
    }

    @Test
    void collecting_afterTheRootEnds_nothingLeftBehind() {
        Tracing tracing = start(10, 0);
        for (int i = 0; i < 100; i++) {
            request(tracing, Context.root(), false);
        }
        Span server = tracing.start("POST /v1/messages", SpanKind.SERVER, Context.root());
        Span late = tracing.start("cache.store", SpanKind.INTERNAL, Context.root().with(server));
        server.end();
        late.end();

        assertThat(telemetry.recent().collectingNow()).isZero();
        assertThat(telemetry.recent().list(10)).isEmpty();
    }

    @Test
    void tree_requestWithChild_childNestedUnderRootWithTimings() {
        Tracing tracing = start(10, 1.0);
        String id = request(tracing, Context.root(), true);
        JsonNode tree = TraceViews.tree(telemetry.recent().get(id).orElseThrow());
        assertThat(tree.path("trace_id").asText()).isEqualTo(id);
        JsonNode root = tree.path("spans").get(0);
        assertThat(tree.path("spans")).hasSize(1);
        assertThat(root.path("name").asText()).isEqualTo("POST /v1/messages");
        assertThat(root.path("kind").asText()).isEqualTo("server");
        assertThat(root.path("parent_span_id").isNull()).isTrue();
        JsonNode child = root.path("children").get(0);
        assertThat(child.path("name").asText()).isEqualTo("auth");
        assertThat(child.path("parent_span_id").asText()).isEqualTo(root.path("span_id").asText());
        assertThat(child.path("status").asText()).isEqualTo("error");
        assertThat(child.path("start_offset_ms").asDouble()).isGreaterThanOrEqualTo(0);
        JsonNode row = TraceViews.list(telemetry.recent().list(1)).path("data").get(0);
        assertThat(row.path("trace_id").asText()).isEqualTo(id);
        assertThat(row.path("status").asText()).isEqualTo("error");
        assertThat(row.path("span_count").asInt()).isEqualTo(2);
    }

    /**
     * Regression: kept traces held the SDK's span objects (its {@code SpanData} points back at the span), 2 MB
     * of survivors re-copied at every young collection at 1,000 req/s.
     */
    @Test
    void keptTrace_afterItsSpansEnd_holdsNoSdkSpan() {
        Tracing tracing = start(10, 1.0);
        Span server = tracing.start("POST /v1/messages", SpanKind.SERVER, Context.root());
        server.setAttribute("http.response.status_code", 200L);
        server.end();
        String id = server.getSpanContext().getTraceId();
        WeakReference<Span> ended = new WeakReference<>(server);
        server = null;

        for (int i = 0; i < 20 && ended.get() != null; i++) {
            System.gc();
        }

        assertThat(ended.get()).as("the SDK's span, once ended and kept").isNull();
        JsonNode row = TraceViews.list(telemetry.recent().list(1)).path("data").get(0);
        assertThat(row.path("trace_id").asText()).isEqualTo(id);
        assertThat(row.path("http_status").asLong()).isEqualTo(200);
    }

    @Test
    void start_nothingToRecordTo_noOpTracing() {
        Telemetry off = Telemetry.start(TelemetryConfig.off(), "x", null);
        assertThat(off.tracing().enabled()).isFalse();
        assertThat(off.recent()).isNull();
    }
}
