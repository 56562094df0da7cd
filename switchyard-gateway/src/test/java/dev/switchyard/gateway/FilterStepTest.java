package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CachePolicy;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.filter.ContentPolicy;
import dev.switchyard.filter.policy.FilterPolicy;
import dev.switchyard.filter.policy.TextFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class FilterStepTest {
    /** Every PII category redacted, "project zeus" blocked. */
    static final ContentPolicy STRICT = TextFilter.compile(new FilterPolicy("strict", List.of("project zeus"), List.of(),
            FilterPolicy.redactAllPii("x").pii(), List.of(), "US"));

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatewayMeters meters = new GatewayMeters(registry, UnaryOperator.identity());
    final List<JsonNode> upstreamGot = new CopyOnWriteArrayList<>();
    final List<String> upstreamRaw = new CopyOnWriteArrayList<>();
    final List<String> order = new CopyOnWriteArrayList<>();
    final List<String> usageSummaries = new CopyOnWriteArrayList<>();
    final AtomicInteger upstreamCalls = new AtomicInteger();

    /** Sets the principal (key k1 of tenant acme) as authentication would. */
    static Step authenticated() {
        return ex -> {
            ex.put(AuthenticateStep.PRINCIPAL, new Principal("k1", "acme", null, null, Set.of(), null, null,
                    CachePolicy.ALWAYS));
            return Step.NEXT;
        };
    }

    /** Keeps the usage summary once the client has its answer, as the recorder does. */
    Step summaries() {
        return new Step() {
            @Override
            public Future<Response> request(Exchange ex) {
                return NEXT;
            }

            @Override
            public void done(Exchange ex, int status) {
                FilterFindings f = ex.get(FilterStep.FINDINGS);
                usageSummaries.add(f == null ? "none" : String.valueOf(f.summary()));
            }

            @Override
            public ResponseStage response(Exchange ex) {
                return new ResponseStage() {
                    @Override
                    public void event(ResponseEvent event, EventSink next) {
                        if (event.type().equals("content_block_delta")) {
                            order.add("client got " + event.data().path("delta").path("text").asText());
                        }
                        next.emit(event);
                    }
                };
            }
        };
    }

    /** The upstream: records the body it got, answers with these text deltas (one stream event each). */
    Step upstream(String... deltas) {
        return ex -> {
            upstreamCalls.incrementAndGet();
            upstreamGot.add(ex.get(ParseStep.REQUEST).body());
            upstreamRaw.add(ex.get(ReadBodyStep.RAW_BODY).toString());
            if (!ex.get(ParseStep.REQUEST).stream()) {
                ObjectNode message = ChainTest.parse(ChainTest.MESSAGE);
                ((ObjectNode) message.path("content").get(0)).put("text", String.join("", deltas));
                return Future.succeededFuture(Response.message(message, Buffer.buffer(message.toString()), false));
            }
            return Future.succeededFuture(Response.events(pipeline -> {
                List<String> events = new ArrayList<>();
                events.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                        + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"m\",\"content\":[],"
                        + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}"));
                events.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                        + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
                for (String d : deltas) {
                    ObjectNode data = Json.mapper().createObjectNode().put("type", "content_block_delta").put("index", 0);
                    data.putObject("delta").put("type", "text_delta").put("text", d);
                    events.add(event("content_block_delta", data.toString()));
                }
                events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
                events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":5}}"));
                events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
                SseEventSplitter splitter = new SseEventSplitter(pipeline::emit);
                for (int i = 0; i < events.size(); i++) {
                    order.add("source sent " + i);
                    splitter.feed(Buffer.buffer(events.get(i)));
                    pipeline.flush();
                }
                splitter.end();
                pipeline.finish(true);
            }, true));
        };
    }

    private static String event(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    ChainHarness harness(ContentFilter filter, Step... tail) throws Exception {
        List<Step> steps = new ArrayList<>(List.of(summaries(), authenticated(), new ReadBodyStep(1 << 20),
                new ParseStep(true), new FilterStep(filter, meters)));
        steps.addAll(List.of(tail));
        return new ChainHarness(steps);
    }

    static String request(boolean stream, String userText) {
        ObjectNode body = Json.mapper().createObjectNode().put("model", "m").put("max_tokens", 10)
                .put("stream", stream).put("system", "You help. Owner: owner@example.com");
        ObjectNode msg = body.putArray("messages").addObject().put("role", "user");
        msg.putArray("content").addObject().put("type", "text").put("text", userText);
        ObjectNode tool = body.withArray("messages").addObject().put("role", "assistant");
        tool.putArray("content").addObject().put("type", "text").put("text", "ok");
        ObjectNode result = body.withArray("messages").addObject().put("role", "user");
        result.putArray("content").addObject().put("type", "tool_result").put("tool_use_id", "t1")
                .putArray("content").addObject().put("type", "text").put("text", "row: 10.1.2.3");
        return body.toString();
    }

    @Test
    void request_piiInSystemTextAndToolResult_upstreamGetsEachRedacted() throws Exception {
        try (ChainHarness h = harness((t, k) -> STRICT, upstream("fine"))) {
            HttpResponse<String> r = h.post(request(false, "Mail jane.doe@example.com please"));

            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode got = upstreamGot.get(0);
            assertThat(got.path("system").asText()).isEqualTo("You help. Owner: [EMAIL]");
            assertThat(got.path("messages").get(0).path("content").get(0).path("text").asText())
                    .isEqualTo("Mail [EMAIL] please");
            assertThat(got.path("messages").get(2).path("content").get(0).path("content").get(0).path("text")
                    .asText()).isEqualTo("row: [IP]");
            assertThat(upstreamRaw.get(0)).doesNotContain("example.com").doesNotContain("10.1.2.3");
            await().until(() -> usageSummaries.size() == 1);
            assertThat(usageSummaries.get(0)).isEqualTo("EMAIL:redact,IP:redact");
            assertThat(registry.get(GatewayMetrics.FILTER_ACTIONS).tags("policy", "strict", "category", "EMAIL",
                    "action", "redact", "direction", "request").counter().count()).isEqualTo(2);
        }
    }

    @Test
    void request_blockedTerm_400NamingPolicyAndCategory_neverTheText_upstreamNotCalled() throws Exception {
        try (ChainHarness h = harness((t, k) -> STRICT, upstream("fine"))) {
            HttpResponse<String> r = h.post(request(false, "Tell me about Project Zeus now"));

            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode error = ChainTest.parse(r.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("message").asText()).contains("'strict'").contains("BLOCKED_TERM");
            assertThat(r.body().toLowerCase()).doesNotContain("zeus");
            assertThat(upstreamCalls).hasValue(0);
        }
    }

    @Test
    void request_noPolicyInForce_bodyAndBytesUntouched() throws Exception {
        try (ChainHarness h = harness(ContentFilter.ALLOW_ALL, upstream("jane@example.com"))) {
            String body = request(false, "Mail jane.doe@example.com");
            HttpResponse<String> r = h.post(body);

            assertThat(upstreamRaw.get(0)).isEqualTo(body);
            assertThat(r.body()).contains("jane@example.com");
            await().until(() -> usageSummaries.size() == 1);
            assertThat(usageSummaries.get(0)).isEqualTo("none");
        }
    }

    @Test
    void request_policyByKeyAndTenant_lookupGetsThePrincipalsIds() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        try (ChainHarness h = harness((t, k) -> {
            asked.add(t + "/" + k);
            return null;
        }, upstream("ok"))) {
            h.post(request(false, "hi"));
            assertThat(asked).containsExactly("acme/k1");
        }
    }

    @Test
    void stream_blockedTermSplitAcrossDeltas_neverReachesClient_streamEndsWithErrorEvent() throws Exception {
        try (ChainHarness h = harness((t, k) -> STRICT, upstream("The plan for proj", "ect ze", "us is ready."))) {
            HttpResponse<String> r = h.post(request(true, "hi"));

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("event: error").contains("invalid_request_error").contains("'strict'")
                    .doesNotContainIgnoringCase("zeus").doesNotContain("message_stop");
            assertThat(r.body().toLowerCase()).doesNotContain("proj");
        }
    }

    @Test
    void stream_emailSplitAcrossDeltas_clientGetsPlaceholder_andTextBeforeTheEnd() throws Exception {
        String longText = "word ".repeat(200);
        try (ChainHarness h = harness((t, k) -> STRICT, upstream(longText, "write to jane.d", "oe@example.com ",
                "today. ", longText, "bye"))) {
            HttpResponse<String> r = h.post(request(true, "hi"));

            String text = clientText(r.body());
            assertThat(text).isEqualTo(longText + "write to [EMAIL] today. " + longText + "bye");
            assertThat(r.body()).contains("message_stop");
            // never the whole stream held: text reached the client before the source's last delta went out
            int firstOut = order.indexOf(order.stream().filter(o -> o.startsWith("client got")).findFirst().orElseThrow());
            assertThat(firstOut).isLessThan(order.indexOf("source sent 7"));
            await().until(() -> usageSummaries.size() == 1);
            assertThat(usageSummaries.get(0)).isEqualTo("EMAIL:redact,IP:redact"); // request and response
        }
    }

    @Test
    void whole_blockedAnswer_400ErrorBody() throws Exception {
        try (ChainHarness h = harness((t, k) -> STRICT, upstream("About project zeus: it is on."))) {
            HttpResponse<String> r = h.post(request(false, "hi"));

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(ChainTest.parse(r.body()).path("error").path("message").asText()).contains("'strict'")
                    .contains("BLOCKED_TERM");
            assertThat(r.body().toLowerCase()).doesNotContain("zeus");
            assertThat(registry.get(GatewayMetrics.FILTER_ACTIONS).tags("policy", "strict", "category",
                    "BLOCKED_TERM", "action", "block", "direction", "response").counter().count()).isEqualTo(1);
        }
    }

    @Test
    void whole_answerWithPii_clientGetsRedactedMessage() throws Exception {
        try (ChainHarness h = harness((t, k) -> STRICT, upstream("Call +1 650-253-0000 or mail a.b@example.org"))) {
            JsonNode got = ChainTest.parse(h.post(request(false, "hi")).body());

            assertThat(got.path("content").get(0).path("text").asText()).isEqualTo("Call [PHONE] or mail [EMAIL]");
            assertThat(got.path("usage").path("output_tokens").asInt()).isEqualTo(5);
        }
    }

    @Test
    void cachedReplay_passesThroughTheFilterToo() throws Exception {
        Map<String, byte[]> stored = new ConcurrentHashMap<>();
        CacheService cache = new CacheService() {
            @Override
            public Future<byte[]> get(CacheKind kind, String tenant, String key) {
                return Future.succeededFuture(stored.get(key));
            }

            @Override
            public Future<Void> put(CacheKind kind, String tenant, String key, byte[] value) {
                stored.put(key, value);
                return Future.succeededFuture();
            }

            @Override
            public Future<Void> delete(CacheKind kind, String tenant, String key) {
                return Future.succeededFuture();
            }

            @Override
            public Future<Long> purgeTenant(String tenant) {
                return Future.succeededFuture(0L);
            }
        };
        try (ChainHarness h = harness((t, k) -> STRICT, new CacheStep(cache, false),
                upstream("Mail ", "jane@example.com", " now"))) {
            String first = h.post(request(true, "hi")).body();
            await().until(() -> !stored.isEmpty());
            HttpResponse<String> replay = h.post(request(true, "hi"));

            assertThat(upstreamCalls).hasValue(1);
            assertThat(replay.headers().firstValue(CacheStep.HEADER)).hasValue("hit");
            assertThat(new String(stored.values().iterator().next())).contains("jane@example.com");
            assertThat(clientText(first)).isEqualTo("Mail [EMAIL] now");
            assertThat(clientText(replay.body())).isEqualTo("Mail [EMAIL] now");
            assertThat(replay.body()).doesNotContain("jane@");
        }
    }

    @Test
    void countTokens_requestSideOnly_redactedBodyCountedAndBlockRefused() throws Exception {
        Step counting = ex -> {
            upstreamRaw.add(ex.get(ReadBodyStep.RAW_BODY).toString());
            return Future.succeededFuture(Response.raw(200, Buffer.buffer("{\"input_tokens\":7}")));
        };
        try (ChainHarness h = new ChainHarness(List.of(authenticated(), new ReadBodyStep(1 << 20),
                new ParseStep(false), new FilterStep((t, k) -> STRICT, meters), counting))) {
            ObjectNode body = (ObjectNode) Json.mapper().readTree(request(false, "mail jane@example.com"));
            body.remove("max_tokens");
            HttpResponse<String> counted = h.post(body.toString());

            assertThat(counted.body()).isEqualTo("{\"input_tokens\":7}");
            assertThat(upstreamRaw.get(0)).contains("mail [EMAIL]").doesNotContain("jane@");
            body = (ObjectNode) Json.mapper().readTree(request(false, "project zeus"));
            body.remove("max_tokens");
            assertThat(h.post(body.toString()).statusCode()).isEqualTo(400);
        }
    }

    /** The text of a client's event stream, deltas joined. */
    static String clientText(String sse) throws Exception {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ")) {
                JsonNode data = Json.mapper().readTree(line.substring(6));
                if (data.path("type").asText().equals("content_block_delta")) {
                    text.append(data.path("delta").path("text").asText());
                }
            }
        }
        return text.toString();
    }
}
