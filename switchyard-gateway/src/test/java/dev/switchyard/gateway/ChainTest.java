package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.json.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainTest {
    /** A whole message with spacing of its own, so "the original bytes" can be told from a rebuilt body. */
    static final String MESSAGE = "{\"id\":\"msg_1\",  \"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}],\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":5}}";

    final List<String> log = new CopyOnWriteArrayList<>();

    /** Logs its phases; optionally a stage that logs each event type. */
    class Logging implements Step {
        final String name;
        final boolean stage;

        Logging(String name, boolean stage) {
            this.name = name;
            this.stage = stage;
        }

        @Override
        public Future<Response> request(Exchange ex) {
            log.add("request " + name);
            return NEXT;
        }

        @Override
        public ResponseStage response(Exchange ex) {
            log.add("response " + name);
            return !stage ? null : new ResponseStage() {
                @Override
                public void event(ResponseEvent event, EventSink next) {
                    log.add(name + " saw " + event.type());
                    next.emit(event);
                }
            };
        }

        @Override
        public void done(Exchange ex, int status) {
            log.add("done " + name + " " + status);
        }
    }

    /** Answers with the whole message, or as the stream the API would send for it. */
    static Step answering(boolean stream) {
        return ex -> {
            ObjectNode message = parse(MESSAGE);
            return Future.succeededFuture(stream ? Response.events(streamOf(message), true)
                    : Response.message(message, Buffer.buffer(MESSAGE), false));
        };
    }

    /** The message's SSE bytes, pushed through the splitter in 7-byte chunks like an upstream stream. */
    static EventSource streamOf(ObjectNode message) {
        return pipeline -> {
            byte[] all = SseReplay.events(message).getBytes();
            SseEventSplitter splitter = new SseEventSplitter(pipeline::emit);
            for (int i = 0; i < all.length; i += 7) {
                splitter.feed(Buffer.buffer().appendBytes(all, i, Math.min(7, all.length - i)));
                pipeline.flush();
            }
            splitter.end();
            pipeline.finish(true);
        };
    }

    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void chain_bodyReadNotRightAfterAuthentication_isRefusedWhenBuilt() {
        List<Step> steps = List.of(new AuthenticateStep(credential -> Future.succeededFuture()), new Logging("between", true),
                new ReadBodyStep(1024), answering(false));

        assertThatThrownBy(() -> new Chain(steps)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ReadBodyStep must come right after AuthenticateStep");
    }

    @Test
    void run_requestPhasesInOrder_stagesNearestTheSourceFirst_doneInnermostFirst() throws Exception {
        try (ChainHarness h = new ChainHarness(List.of(new Logging("a", true), new Logging("b", true),
                answering(false)))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(200);
            await().until(() -> h.statuses.size() == 1);
            assertThat(log).startsWith("request a", "request b", "response b", "response a", "b saw message_start",
                    "a saw message_start");
            assertThat(log).endsWith("done b 200", "done a 200");
        }
    }

    @Test
    void run_stepAnswers_laterStepsSkipped_earlierOnesSeeTheAnswer() throws Exception {
        try (ChainHarness h = new ChainHarness(List.of(new Logging("a", true), answering(false),
                new Logging("never", true)))) {
            h.post("{}");

            await().until(() -> h.statuses.size() == 1);
            assertThat(log).noneMatch(l -> l.contains("never")).contains("a saw message_stop");
        }
    }

    @Test
    void run_stepFails_clientGetsAnthropicError_andEnteredStepsAreDone() throws Exception {
        Step refusing = ex -> Future.failedFuture(new ApiException(ErrorType.PERMISSION, "not you"));
        try (ChainHarness h = new ChainHarness(List.of(new Logging("a", true), refusing, answering(false)))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(parse(r.body()).path("error").path("type").asText()).isEqualTo("permission_error");
            await().until(() -> h.statuses.size() == 1);
            assertThat(log).containsExactly("request a", "done a 403");
        }
    }

    @Test
    void run_stepThrows_clientGets500WithoutDetail() throws Exception {
        Step broken = ex -> {
            throw new IllegalStateException("secret detail");
        };
        try (ChainHarness h = new ChainHarness(List.of(broken))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("api_error").doesNotContain("secret detail");
        }
    }

    @Test
    void wholeAnswer_noStageChangedAnything_clientGetsTheOriginalBytes() throws Exception {
        try (ChainHarness h = new ChainHarness(List.of(new Logging("a", true), answering(false)))) {
            assertThat(h.post("{}").body()).isEqualTo(MESSAGE);
        }
    }

    @Test
    void wholeAnswer_stageChangesText_clientGetsTheRebuiltMessage() throws Exception {
        try (ChainHarness h = new ChainHarness(List.of(upperCasing(), answering(false)))) {
            ObjectNode got = parse(h.post("{}").body());

            assertThat(got.path("content").get(0).path("text").asText()).isEqualTo("HELLO THERE");
            assertThat(got.path("usage").path("output_tokens").asInt()).isEqualTo(5);
            assertThat(got.path("stop_reason").asText()).isEqualTo("end_turn");
        }
    }

    @Test
    void streamedAnswer_stageChangesText_clientStreamCarriesTheChange() throws Exception {
        try (ChainHarness h = new ChainHarness(List.of(upperCasing(), answering(true)))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("text/event-stream"));
            assertThat(r.body()).contains("HELLO THERE").doesNotContain("Hello there").endsWith("\n\n");
        }
    }

    @Test
    void oneStage_seesTheSameEventsWhetherStreamedOrWhole() throws Exception {
        List<String> whole;
        try (ChainHarness h = new ChainHarness(List.of(new Logging("a", true), answering(false)))) {
            h.post("{}");
            whole = new ArrayList<>(log);
        }
        log.clear();
        try (ChainHarness h = new ChainHarness(List.of(new Logging("a", true), answering(true)))) {
            h.post("{}");
        }
        assertThat(log.stream().filter(l -> l.contains(" saw "))).containsExactlyElementsOf(
                whole.stream().filter(l -> l.contains(" saw ")).toList());
        assertThat(whole).contains("a saw content_block_delta");
    }

    @Test
    void stageFailsMidStream_clientGetsAnErrorEventAndNothingAfterIt() throws Exception {
        ResponseStage refuseDeltas = new ResponseStage() {
            @Override
            public void event(ResponseEvent event, EventSink next) {
                if (event.type().equals("content_block_delta")) {
                    next.fail(ApiException.invalidRequest("blocked by policy p"));
                } else {
                    next.emit(event);
                }
            }
        };
        try (ChainHarness h = new ChainHarness(List.of(stageStep(refuseDeltas), answering(true)))) {
            String body = h.post("{}").body();

            assertThat(body).contains("event: error").contains("blocked by policy p").doesNotContain("Hello")
                    .doesNotContain("message_stop");
        }
    }

    @Test
    void stageFailsOnWholeAnswer_clientGetsAnErrorBody() throws Exception {
        ResponseStage refuse = new ResponseStage() {
            @Override
            public void event(ResponseEvent event, EventSink next) {
                next.fail(ApiException.invalidRequest("blocked by policy p"));
            }
        };
        try (ChainHarness h = new ChainHarness(List.of(stageStep(refuse), answering(false)))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(parse(r.body()).path("error").path("message").asText()).isEqualTo("blocked by policy p");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sourceThrowsWithNoStages_clientGetsAnErrorNotAHang(boolean stream) throws Exception {
        EventSource broken = pipeline -> {
            pipeline.emit(ResponseEvent.part("message_start", WholeMessage.of(parse(MESSAGE)), () -> {
                throw new IllegalStateException("secret detail");
            }));
            pipeline.finish(true);
        };
        Step answer = ex -> Future.succeededFuture(Response.events(broken, stream));
        try (ChainHarness h = new ChainHarness(List.of(answer))) {
            HttpResponse<String> r = h.post("{}");

            assertThat(r.body()).contains("api_error").doesNotContain("secret detail");
            assertThat(r.statusCode()).isEqualTo(stream ? 200 : 500);
            await().until(() -> h.statuses.size() == 1);
        }
    }

    @Test
    void stageEnd_delaysTheEndOfTheResponseUntilItsFutureCompletes() throws Exception {
        Promise<Void> stored = Promise.promise();
        ResponseStage slowStore = new ResponseStage() {
            @Override
            public Future<Void> end(boolean complete, EventSink next) {
                log.add("end complete=" + complete);
                return stored.future();
            }
        };
        try (ChainHarness h = new ChainHarness(List.of(stageStep(slowStore), answering(false)))) {
            var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return h.post("{}").body();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().until(() -> log.contains("end complete=true"));
            Thread.sleep(200); // the response must still be open: nothing may complete it but the future
            assertThat(pending).isNotDone();
            h.vertx.runOnContext(v -> stored.complete());
            assertThat(pending.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(MESSAGE);
        }
    }

    @Test
    void clientLeavesMidStream_sourceStopped_stagesToldIncomplete_statusIsTheStreamsOwn200() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();
        EventSource endless = new EventSource() {
            @Override
            public void start(EventPipeline pipeline) {
                pipeline.emit(ResponseEvent.of("message_start", parse("{\"type\":\"message_start\"}")));
                pipeline.flush();
            }

            @Override
            public void stop() {
                stopped.set(true);
            }
        };
        ResponseStage watching = new ResponseStage() {
            @Override
            public Future<Void> end(boolean complete, EventSink next) {
                log.add("end complete=" + complete);
                return Future.succeededFuture();
            }
        };
        Step answering = ex -> {
            ex.cancellation.onCancel(() -> log.add("cancelled"));
            return Future.succeededFuture(Response.events(endless, true));
        };
        try (ChainHarness h = new ChainHarness(List.of(stageStep(watching), answering))) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.port())) {
                socket.getOutputStream().write(("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.InputStream in = socket.getInputStream();
                StringBuilder got = new StringBuilder();
                while (!got.toString().contains("message_start")) {
                    got.append((char) in.read());
                }
            }
            await().until(() -> h.statuses.size() == 1);
            assertThat(h.statuses).containsExactly(200);
            assertThat(stopped).isTrue();
            assertThat(log).contains("end complete=false");
        }
    }

    static Step stageStep(ResponseStage stage) {
        return new Step() {
            @Override
            public Future<Response> request(Exchange ex) {
                return NEXT;
            }

            @Override
            public ResponseStage response(Exchange ex) {
                return stage;
            }
        };
    }

    static Step upperCasing() {
        return stageStep(new ResponseStage() {
            @Override
            public void event(ResponseEvent event, EventSink next) {
                if (event.type().equals("content_block_delta") && event.data().path("delta").has("text")) {
                    ObjectNode changed = event.data().deepCopy();
                    ((ObjectNode) changed.path("delta")).put("text",
                            event.data().path("delta").path("text").asText().toUpperCase());
                    next.emit(ResponseEvent.of(event.type(), changed));
                } else {
                    next.emit(event);
                }
            }
        });
    }
}
