package dev.switchyard.gateway;

import static dev.switchyard.gateway.StepFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UpstreamStepTest {
    static final String OVERLOADED = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";

    /** A body that hands out its chunks one per event-loop turn once resumed, then ends (or stalls). */
    static final class FakeBody implements ReadStream<Buffer> {
        private final Deque<Buffer> chunks;
        private final boolean ends;
        private Handler<Buffer> handler;
        private Handler<Void> endHandler;
        private boolean paused = true;
        private boolean scheduled;
        private boolean ended;
        private Context context;

        FakeBody(List<Buffer> chunks, boolean ends) {
            this.chunks = new ArrayDeque<>(chunks);
            this.ends = ends;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            this.handler = handler;
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            this.endHandler = endHandler;
            return this;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            paused = true;
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            paused = false;
            context = Vertx.currentContext();
            schedule();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            return resume();
        }

        private void schedule() {
            if (!scheduled && context != null) {
                scheduled = true;
                context.runOnContext(v -> {
                    scheduled = false;
                    next();
                });
            }
        }

        private void next() {
            if (paused || ended) {
                return;
            }
            Buffer chunk = chunks.poll();
            if (chunk != null) {
                handler.handle(chunk);
                schedule();
            } else if (ends) {
                ended = true;
                endHandler.handle(null);
            }
        }
    }

    /** One deployment's response: a status, a content type, a body; remembers how it was ended. */
    static final class FakeUpstream implements UpstreamResponse {
        final int status;
        final Buffer whole;
        final FakeBody body;
        final Duration idle;
        volatile String failed;
        volatile boolean cancelled;

        FakeUpstream(int status, Buffer whole, FakeBody body, Duration idle) {
            this.status = status;
            this.whole = whole;
            this.body = body;
            this.idle = idle;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public MultiMap headers() {
            return MultiMap.caseInsensitiveMultiMap().add("content-type",
                    body != null ? "text/event-stream; charset=utf-8" : "application/json");
        }

        @Override
        public ReadStream<Buffer> body() {
            return body;
        }

        @Override
        public Future<Buffer> fullBody() {
            return Future.succeededFuture(whole);
        }

        @Override
        public String deployment() {
            return "dep-a";
        }

        @Override
        public String model() {
            return "claude-fallback";
        }

        @Override
        public boolean fallback() {
            return true;
        }

        @Override
        public int attempts() {
            return 2;
        }

        @Override
        public Duration idleTimeout() {
            return idle;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void fail(String reason) {
            failed = reason;
        }
    }

    /** Answers every call with one response; remembers the calls. */
    static final class FakeClaude implements ClaudeService {
        final List<UpstreamCall> calls = new CopyOnWriteArrayList<>();
        final UpstreamResponse response;

        FakeClaude(UpstreamResponse response) {
            this.response = response;
        }

        @Override
        public Future<UpstreamResponse> send(UpstreamCall call) {
            calls.add(call);
            return Future.succeededFuture(response);
        }

        @Override
        public List<ModelInfo> models() {
            return List.of();
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public Future<Void> close() {
            return Future.succeededFuture();
        }
    }

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<String> stageSaw = new CopyOnWriteArrayList<>();
    final AtomicReference<UpstreamStep.Routed> routed = new AtomicReference<>();
    FakeClaude claude;

    /** The step under test behind a stage that logs what it sees; UpstreamStep needs the harness's Vert.x. */
    private ChainHarness harness(UpstreamResponse response, boolean stream, boolean countTokens) throws Exception {
        claude = new FakeClaude(response);
        AtomicReference<UpstreamStep> step = new AtomicReference<>();
        String body = stream ? BODY.replaceFirst("\\{", "{\"stream\":true,") : BODY;
        ChainHarness h = new ChainHarness(List.of(given(principal(), body),
                whenDone(ex -> routed.set(ex.get(UpstreamStep.ROUTED))),
                ChainTest.stageStep(new ResponseStage() {
                    @Override
                    public void event(ResponseEvent event, EventSink next) {
                        stageSaw.add(event.type());
                        next.emit(event);
                    }
                }), ex -> step.get().request(ex)));
        step.set(new UpstreamStep(h.vertx, claude, new GatewayMeters(registry, m -> m), countTokens));
        return h;
    }

    private static HttpResponse<String> post(ChainHarness h) throws Exception {
        HttpResponse<String> r = h.post("{}");
        await().until(() -> h.statuses.size() == 1);
        return r;
    }

    private static String sse() {
        return SseReplay.events(json(ChainTest.MESSAGE)).toString(StandardCharsets.UTF_8);
    }

    /** The text in 9-byte pieces, so events arrive split across chunks. */
    private static List<Buffer> chunks(String text) {
        List<Buffer> out = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 9) {
            out.add(Buffer.buffer(text.substring(i, Math.min(text.length(), i + 9))));
        }
        return out;
    }

    private double streamErrors(String reason) {
        var c = registry.find(GatewayMetrics.STREAM_ERRORS).tag(GatewayMetrics.TAG_REASON, reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void request_whole200_becomesEventsAndTheClientGetsItByteForByte() throws Exception {
        try (ChainHarness h = harness(new FakeUpstream(200, Buffer.buffer(ChainTest.MESSAGE), null,
                Duration.ofSeconds(5)), false, false)) {
            HttpResponse<String> r = post(h);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(ChainTest.MESSAGE);
            assertThat(stageSaw).startsWith("message_start").endsWith("message_stop").contains("content_block_delta");
            assertThat(r.headers().firstValue("x-switchyard-upstream")).hasValue("dep-a");
            assertThat(r.headers().firstValue("x-switchyard-fallback")).hasValue("claude-fallback");
            assertThat(routed.get()).isEqualTo(new UpstreamStep.Routed("dep-a", "claude-fallback", 2, true));
            UpstreamCall call = claude.calls.get(0);
            assertThat(call.path()).isEqualTo("/v1/messages");
            assertThat(call.stream()).isFalse();
            assertThat(call.model()).isEqualTo(MODEL);
            assertThat(call.rawBody().toString(StandardCharsets.UTF_8)).isEqualTo(BODY);
        }
    }

    @Test
    void request_upstream529_errorBodyRelayedRawWithItsStatus() throws Exception {
        try (ChainHarness h = harness(new FakeUpstream(529, Buffer.buffer(OVERLOADED), null, Duration.ofSeconds(5)),
                false, false)) {
            HttpResponse<String> r = post(h);

            assertThat(r.statusCode()).isEqualTo(529);
            assertThat(r.body()).isEqualTo(OVERLOADED);
            assertThat(stageSaw).isEmpty();
            assertThat(h.statuses).containsExactly(529);
        }
    }

    @Test
    void request_countTokens200_relayedRawNotTakenForAMessage() throws Exception {
        String counted = "{\"input_tokens\":12}";
        try (ChainHarness h = harness(new FakeUpstream(200, Buffer.buffer(counted), null, Duration.ofSeconds(5)),
                false, true)) {
            HttpResponse<String> r = post(h);

            assertThat(r.body()).isEqualTo(counted);
            assertThat(stageSaw).isEmpty();
            assertThat(claude.calls.get(0).path()).isEqualTo("/v1/messages/count_tokens");
        }
    }

    @Test
    void request_stream_clientGetsTheUpstreamsEventsByteForByte() throws Exception {
        FakeUpstream upstream = new FakeUpstream(200, null, new FakeBody(chunks(sse()), true), Duration.ofSeconds(5));
        try (ChainHarness h = harness(upstream, true, false)) {
            HttpResponse<String> r = post(h);

            assertThat(r.body()).isEqualTo(sse());
            assertThat(claude.calls.get(0).stream()).isTrue();
            assertThat(stageSaw).endsWith("message_stop");
            assertThat(upstream.failed).isNull();
        }
    }

    @Test
    void request_streamEndsWithoutMessageStop_endsWithAnErrorEvent() throws Exception {
        String cut = sse().substring(0, sse().indexOf("event: message_stop"));
        try (ChainHarness h = harness(new FakeUpstream(200, null, new FakeBody(chunks(cut), true),
                Duration.ofSeconds(5)), true, false)) {
            HttpResponse<String> r = post(h);

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith(cut).doesNotContain("event: message_stop");
            String last = r.body().substring(cut.length());
            assertThat(last).startsWith("event: error\n");
            assertThat(json(last.substring(last.indexOf("data: ") + 6).trim()).path("error").path("type").asText())
                    .isEqualTo("api_error");
            assertThat(streamErrors("truncated")).isEqualTo(1);
        }
    }

    @Test
    void request_streamEndsWithItsOwnErrorEvent_relayedAsItIsWithNoSecondError() throws Exception {
        String error = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}\n\n";
        String upstreamSent = sse().substring(0, sse().indexOf("event: content_block_start")) + error;
        try (ChainHarness h = harness(new FakeUpstream(200, null, new FakeBody(chunks(upstreamSent), true),
                Duration.ofSeconds(5)), true, false)) {
            HttpResponse<String> r = post(h);

            assertThat(r.body()).isEqualTo(upstreamSent);
            assertThat(streamErrors("truncated")).isZero();
        }
    }

    @Test
    void request_streamStalls_idleTimeoutEndsItWithATimeoutErrorEvent() throws Exception {
        String first = sse().substring(0, sse().indexOf("event: content_block_start"));
        FakeUpstream upstream = new FakeUpstream(200, null, new FakeBody(List.of(Buffer.buffer(first)), false),
                Duration.ofMillis(300));
        try (ChainHarness h = harness(upstream, true, false)) {
            HttpResponse<String> r = post(h);

            assertThat(r.body()).startsWith(first).contains("event: error").contains("\"timeout_error\"")
                    .doesNotContain("event: message_stop");
            assertThat(upstream.failed).isNotNull();
            assertThat(streamErrors("idle_timeout")).isEqualTo(1);
        }
    }

    @Test
    void request_clientGoesAwayMidStream_upstreamCancelled() throws Exception {
        String first = sse().substring(0, sse().indexOf("event: content_block_start"));
        FakeUpstream upstream = new FakeUpstream(200, null, new FakeBody(List.of(Buffer.buffer(first)), false),
                Duration.ofMinutes(5));
        try (ChainHarness h = harness(upstream, true, false);
                java.net.Socket s = open(h.port(), "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}")) {
            byte[] head = new byte[12];
            assertThat(s.getInputStream().readNBytes(head, 0, head.length)).isEqualTo(head.length);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
            s.close();

            // the count comes after the cancel: waiting for it sees both
            await().until(() -> streamErrors("client_closed") == 1);
            assertThat(upstream.cancelled).isTrue();
            assertThat(upstream.failed).isNull();
        }
    }
}
