package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.TelemetryConfig;
import dev.switchyard.core.json.Json;
import dev.switchyard.simulator.Fault;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Spans of the request path, their parents across roles, and where trace ids surface. */
class TracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-01";
    private static final Set<String> ALL_BUT_CLAUDE = Set.of("gateway", "auth", "conversation", "cache", "filter",
            "translation");

    private Harness harness;
    private AuthFixture fixture;
    @TempDir
    Path spill;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static HttpResponse<String> traced(String baseUrl, String model, String key) {
        return RawHttp.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/messages"))
                .timeout(Duration.ofSeconds(20)).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").header("x-api-key", key)
                .header("traceparent", TRACEPARENT).header("baggage", "team=search")
                .POST(HttpRequest.BodyPublishers.ofString(RawHttp.message(model))).build());
    }

    /** Starts the harness with one deployment whose upstream notes the trace headers it got and answers. */
    private void startBehindHeaderRecordingUpstream(Map<String, String> upstreamSaw) {
        HttpServer upstream = Harness.await(harness.vertx.createHttpServer().requestHandler(req -> {
            upstreamSaw.put("traceparent", String.valueOf(req.getHeader("traceparent")));
            upstreamSaw.put("baggage", String.valueOf(req.getHeader("baggage")));
            req.response().putHeader("content-type", "application/json").end("{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-6\",\"content\":[{\"type\":\"text\",\"text\":"
                    + "\"hi\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":12,\"output_tokens\":3}}");
        }).listen(0, "127.0.0.1"));
        harness.deployment("direct", "http://127.0.0.1:" + upstream.actualPort(), List.of("claude-sonnet-4-6")).start();
    }

    private static SpanData named(List<SpanData> spans, String name) {
        return spans.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans.stream().map(SpanData::getName).toList()));
    }

    @Test
    void request_clientSentTraceparent_spansUnderItAndUpstreamGetsTheAttemptsContext() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        harness = new Harness().spans(SimpleSpanProcessor.create(exporter));
        Map<String, String> upstreamSaw = new ConcurrentHashMap<>();
        startBehindHeaderRecordingUpstream(upstreamSaw);

        HttpResponse<String> resp = traced(harness.baseUrl(), "claude-sonnet-4-6", Harness.CLIENT_KEY);

        assertThat(resp.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getKind() == SpanKind.SERVER));
        List<SpanData> spans = exporter.getFinishedSpanItems();
        assertThat(spans).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TRACE_ID));
        SpanData server = named(spans, "POST /v1/messages");
        assertThat(server.getParentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(server.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200);
        assertThat(server.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model"))).isEqualTo("claude-sonnet-4-6");
        assertThat(server.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(12);
        assertThat(server.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"))).isEqualTo(3);
        // the steps answered from memory here (config keys, no limits, no filter policy): no span of their own
        assertThat(spans).extracting(SpanData::getName).doesNotContain("auth", "admission", "content_filter");
        SpanData attempt = named(spans, "chat claude-sonnet-4-6");
        assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(attempt.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("gen_ai.system"))).isEqualTo("anthropic");
        assertThat(attempt.getAttributes().get(AttributeKey.stringKey("switchyard.deployment"))).isEqualTo("direct");
        assertThat(attempt.getAttributes().get(AttributeKey.longKey("switchyard.attempt"))).isEqualTo(1);
        assertThat(upstreamSaw.get("traceparent")).isEqualTo("00-" + TRACE_ID + "-" + attempt.getSpanId() + "-01");
        assertThat(upstreamSaw.get("baggage")).contains("team=search");
        // never the prompt, never a key
        assertThat(spans.toString()).doesNotContain("Hello").doesNotContain(Harness.CLIENT_KEY)
                .doesNotContain(Harness.UPSTREAM_KEY);
    }

    /**
     * Static client keys and no exporter: no admin API reads spans, so none is recorded, but the client's
     * trace goes on: the upstream gets its trace id, its sampled flag and baggage under a span id of ours.
     */
    @Test
    void request_staticKeysNoExporter_upstreamGetsTheClientsTraceWithASpanIdOfOurs() {
        harness = new Harness();
        Map<String, String> upstreamSaw = new ConcurrentHashMap<>();
        startBehindHeaderRecordingUpstream(upstreamSaw);

        assertThat(traced(harness.baseUrl(), "claude-sonnet-4-6", Harness.CLIENT_KEY).statusCode()).isEqualTo(200);

        assertThat(harness.gateway.telemetry().recent()).as("no recent-trace store without an admin API").isNull();
        assertThat(upstreamSaw.get("traceparent")).matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                .doesNotContain(CLIENT_SPAN).doesNotContain("-0000000000000000-");
        assertThat(upstreamSaw.get("baggage")).contains("team=search");
    }

    @Test
    void contentCapture_turnedOn_promptOnTheRequestSpanOffItIsNot() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        TelemetryConfig d = TelemetryConfig.defaults();
        harness = new Harness().spans(SimpleSpanProcessor.create(exporter)).deployment("sim", "claude-sonnet-4-6")
                .telemetry(new TelemetryConfig(null, Map.of(), 1.0, "switchyard", Map.of(), d.recentTraces(),
                        d.recentRatio(), d.recentPerSecond(), true)).start();

        assertThat(traced(harness.baseUrl(), "claude-sonnet-4-6", Harness.CLIENT_KEY).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getKind() == SpanKind.SERVER));
        SpanData server = named(exporter.getFinishedSpanItems(), "POST /v1/messages");
        String prompt = server.getEvents().stream().filter(e -> e.getName().equals("gen_ai.content.prompt"))
                .map(e -> e.getAttributes().get(AttributeKey.stringKey("gen_ai.prompt"))).findFirst().orElseThrow();
        assertThat(prompt).startsWith("{\"messages\":[").contains("\"role\":\"user\"");
        assertThat(prompt).doesNotContain(Harness.CLIENT_KEY);
    }

    @Test
    void accessLog_tracedRequest_lineCarriesTheTraceId() {
        Logger access = (Logger) LoggerFactory.getLogger("dev.switchyard.access");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        Level before = access.getLevel();
        access.setLevel(Level.DEBUG);
        access.addAppender(lines);
        try {
            harness = new Harness().deployment("sim", "claude-sonnet-4-6").start();
            assertThat(traced(harness.baseUrl(), "claude-sonnet-4-6", Harness.CLIENT_KEY).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(5)).until(() -> !lines.list.isEmpty());
            assertThat(lines.list.get(0).getFormattedMessage()).contains("trace_id=" + TRACE_ID)
                    .contains("route=messages").contains("status=200");
        } finally {
            access.detachAppender(lines);
            access.setLevel(before);
        }
    }

    @Test
    void stream_traced_requestSpanCarriesFirstTokenAndStreamEndEvents() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        harness = new Harness().spans(SimpleSpanProcessor.create(exporter)).deployment("sim", "claude-sonnet-4-6").start();

        HttpResponse<String> resp = RawHttp.post(harness.baseUrl(), "/v1/messages", "{\"model\":\"claude-sonnet-4-6\","
                + "\"max_tokens\":40,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"a story\"}]}");

        assertThat(resp.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> exporter.getFinishedSpanItems().stream()
                .anyMatch(s -> s.getKind() == SpanKind.SERVER));
        SpanData server = named(exporter.getFinishedSpanItems(), "POST /v1/messages");
        assertThat(server.getEvents()).extracting(e -> e.getName()).containsExactly("gen_ai.first_token",
                "gen_ai.stream_end");
        assertThat(server.getEvents().get(0).getAttributes().get(AttributeKey.longKey("switchyard.ttft_ms")))
                .isNotNull().isGreaterThanOrEqualTo(0L);
        long output = server.getEvents().get(1).getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens"));
        assertThat(output).isPositive().isEqualTo(server.getAttributes().get(
                AttributeKey.longKey("gen_ai.usage.output_tokens")));
    }

    @Test
    void fallback_acrossTwoRoles_oneTraceOverOtlpWithTheExpectedTree() {
        List<ResourceSpans> received = new CopyOnWriteArrayList<>();
        harness = new Harness().deployment("bad", "claude-opus-4-8").deployment("good", "claude-sonnet-4-6")
                .model("claude-opus-4-8", "round_robin", "claude-sonnet-4-6");
        HttpServer collector = Harness.await(harness.vertx.createHttpServer().requestHandler(req -> req.body()
                .onSuccess(body -> {
                    try {
                        received.addAll(ExportTraceServiceRequest.parseFrom(body.getBytes()).getResourceSpansList());
                        req.response().putHeader("content-type", "application/x-protobuf").end();
                    } catch (Exception e) {
                        req.response().setStatusCode(400).end();
                    }
                })).listen(0, "127.0.0.1"));
        URI endpoint = URI.create("http://127.0.0.1:" + collector.actualPort());
        harness.sim("bad").setFault(Fault.status(500));
        Switchyard claude = harness.process(Set.of("claude"), List.of(),
                TelemetryConfig.defaults().withEndpoint(endpoint, "switchyard-claude"));
        Switchyard gateway = harness.process(ALL_BUT_CLAUDE, List.of(Harness.peer("claude", claude)),
                TelemetryConfig.defaults().withEndpoint(endpoint, "switchyard-gateway"));

        HttpResponse<String> resp = traced(gateway.baseUrl(), "claude-opus-4-8", Harness.CLIENT_KEY);
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
        gateway.telemetry().flush();
        claude.telemetry().flush();

        Map<String, Span> byId = new ConcurrentHashMap<>();
        Map<String, String> service = new ConcurrentHashMap<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ResourceSpans rs : received) {
                String name = rs.getResource().getAttributesList().stream()
                        .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
                        .findFirst().orElse("?");
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span s : ss.getSpansList()) {
                        if (hex(s.getTraceId().toByteArray()).equals(TRACE_ID)) {
                            byId.put(hex(s.getSpanId().toByteArray()), s);
                            service.put(hex(s.getSpanId().toByteArray()), name);
                        }
                    }
                }
            }
            return byId.values().stream().anyMatch(s -> s.getName().equals("POST /v1/messages"))
                    && byId.values().stream().filter(s -> s.getName().startsWith("chat ")).count() >= 2;
        });
        Span root = one(byId, "POST /v1/messages");
        assertThat(hex(root.getParentSpanId().toByteArray())).isEqualTo(CLIENT_SPAN);
        assertThat(service.get(hex(root.getSpanId().toByteArray()))).isEqualTo("switchyard-gateway");
        Span call = byId.values().stream().filter(s -> s.getName().startsWith("role ")
                && s.getKind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
        assertThat(parent(call)).isEqualTo(hex(root.getSpanId().toByteArray()));
        Span served = byId.values().stream().filter(s -> s.getName().startsWith("role ")
                && s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
        assertThat(parent(served)).isEqualTo(hex(call.getSpanId().toByteArray()));
        assertThat(service.get(hex(served.getSpanId().toByteArray()))).isEqualTo("switchyard-claude");
        List<Span> attempts = byId.values().stream().filter(s -> s.getName().startsWith("chat ")).toList();
        assertThat(attempts).allSatisfy(a -> assertThat(parent(a)).isEqualTo(hex(served.getSpanId().toByteArray())));
        assertThat(attempts).anySatisfy(a -> {
            assertThat(attr(a, "switchyard.deployment")).isEqualTo("bad");
            assertThat(attr(a, "http.response.status_code")).isEqualTo("500");
            assertThat(a.getStatus().getCode()).isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        });
        assertThat(attempts).anySatisfy(a -> {
            assertThat(attr(a, "switchyard.deployment")).isEqualTo("good");
            assertThat(attr(a, "switchyard.fallback")).isEqualTo("true");
            assertThat(attr(a, "http.response.status_code")).isEqualTo("200");
        });
    }

    @Test
    void adminTraces_afterATracedRequest_listedWithItsTreeAndTheLedgerRowCarriesTheTraceId() throws Exception {
        fixture = new AuthFixture();
        harness = new Harness().auth(fixture.config(1, spill)).deployment("sim", "claude-sonnet-4-6")
                .telemetry(TelemetryConfig.defaults().withRecent(50, 0)).start();
        fixture.admin(harness.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\"}", 201);
        String key = fixture.createKey(harness.baseUrl(), "{\"name\":\"t\",\"tenant_id\":\"acme\"}").path("key").asText();

        assertThat(traced(harness.baseUrl(), "claude-sonnet-4-6", key).statusCode()).isEqualTo(200);
        // not sampled by its client, not failed, ratio 0: not kept
        assertThat(RawHttp.post(harness.baseUrl(), "/v1/messages",
                HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6")), key).statusCode()).isEqualTo(200);

        JsonNode list = fixture.admin(harness.baseUrl(), "GET", "/admin/traces?limit=10", null, 200);
        assertThat(list.path("data")).hasSize(1);
        JsonNode row = list.path("data").get(0);
        assertThat(row.path("trace_id").asText()).isEqualTo(TRACE_ID);
        assertThat(row.path("name").asText()).isEqualTo("POST /v1/messages");
        assertThat(row.path("http_status").asInt()).isEqualTo(200);
        assertThat(row.path("span_count").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode tree = fixture.admin(harness.baseUrl(), "GET", "/admin/traces/" + TRACE_ID, null, 200);
        JsonNode root = tree.path("spans").get(0);
        assertThat(root.path("parent_span_id").asText()).isEqualTo(CLIENT_SPAN);
        List<String> children = Json.mapper().convertValue(root.path("children").findValuesAsText("name"), List.class);
        assertThat(children).contains("chat claude-sonnet-4-6");
        assertThat(root.path("attributes").path("switchyard.tenant_id").asText()).isEqualTo("acme");
        fixture.admin(harness.baseUrl(), "GET", "/admin/traces/" + "0".repeat(31) + "1", null, 404);
        fixture.admin(harness.baseUrl(), "GET", "/admin/traces/not-an-id", null, 400);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                fixture.count("SELECT count(*) FROM usage_records WHERE trace_id = '" + TRACE_ID + "'") == 1);
    }

    /**
     * Regression: with spans only exported (no recent-trace store) a request the export sampler dropped has no
     * recording span; its ledger row lost the trace id, which its log lines still carry.
     */
    @Test
    void ledgerRow_requestNotSampledForExport_stillCarriesTheTraceId() throws Exception {
        fixture = new AuthFixture();
        TelemetryConfig exportOnly = new TelemetryConfig(URI.create("http://127.0.0.1:9/v1/traces"), Map.of(), 0,
                "switchyard", Map.of(), 0, 0, 0, false);
        harness = new Harness().auth(fixture.config(1, spill)).deployment("sim", "claude-sonnet-4-6")
                .telemetry(exportOnly).start();
        String key = fixture.createKey(harness.baseUrl(), "{\"name\":\"t\"}").path("key").asText();
        String unsampled = "00-" + TRACE_ID + "-" + CLIENT_SPAN + "-00";

        assertThat(RawHttp.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(20)).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").header("x-api-key", key).header("traceparent", unsampled)
                .POST(HttpRequest.BodyPublishers.ofString(RawHttp.message("claude-sonnet-4-6"))).build()).statusCode())
                .isEqualTo(200);

        assertThat(harness.gateway.telemetry().recent()).isNull();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                fixture.count("SELECT count(*) FROM usage_records WHERE trace_id = '" + TRACE_ID + "'") == 1);
    }

    @Test
    void admin_onAGatewayWhoseAuthRoleRunsElsewhere_tracesAndStatsAreTheGatewaysOwn() throws Exception {
        fixture = new AuthFixture();
        harness = new Harness().auth(fixture.config(1, spill)).deployment("sim", "claude-sonnet-4-6")
                .telemetry(TelemetryConfig.defaults().withRecent(50, 0));
        Switchyard auth = harness.process(Set.of("auth"), List.of());
        Switchyard gateway = harness.process(Set.of("gateway", "claude", "cache", "conversation", "filter",
                "translation"), List.of(Harness.peer("auth", auth)));
        fixture.admin(gateway.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\"}", 201);
        String key = fixture.createKey(gateway.baseUrl(), "{\"name\":\"t\",\"tenant_id\":\"acme\"}").path("key").asText();

        assertThat(traced(gateway.baseUrl(), "claude-sonnet-4-6", key).statusCode()).isEqualTo(200);

        JsonNode list = fixture.admin(gateway.baseUrl(), "GET", "/admin/traces", null, 200);
        assertThat(list.path("data").findValuesAsText("trace_id")).contains(TRACE_ID);
        JsonNode root = fixture.admin(gateway.baseUrl(), "GET", "/admin/traces/" + TRACE_ID, null, 200)
                .path("spans").get(0);
        assertThat(root.path("name").asText()).as("the gateway's own span, not the auth role's")
                .isEqualTo("POST /v1/messages");
        // the auth step waited on the auth role: its span, with the role call under it
        JsonNode authStep = root.path("children").findParent("name");
        for (JsonNode child : root.path("children")) {
            if (child.path("name").asText().equals("auth")) {
                authStep = child;
            }
        }
        assertThat(authStep.path("name").asText()).isEqualTo("auth");
        assertThat(authStep.path("children").findValuesAsText("name")).contains("role auth/authenticate");
        JsonNode stats = fixture.admin(gateway.baseUrl(), "GET", "/admin/stats", null, 200);
        long requests = stats.path("current").path("requests").asLong();
        for (JsonNode sample : stats.path("samples")) {
            requests += sample.path("requests").asLong();
        }
        assertThat(requests).as("the gateway's meters count its requests").isGreaterThanOrEqualTo(1);
        HttpResponse<String> refused = RawHttp.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl()
                + "/admin/traces")).header("x-api-key", "sk-sy-admin-wrong").GET().build());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("\"type\":\"authentication_error\"");
        fixture.admin(gateway.baseUrl(), "GET", "/admin/keys", null, 200); // the rest still goes to the auth role
    }

    @Test
    void metrics_openMetricsScrapeAfterATracedRequest_latencyCarriesTheTraceIdAsExemplar() {
        harness = new Harness().deployment("sim", "claude-sonnet-4-6").start();
        assertThat(traced(harness.baseUrl(), "claude-sonnet-4-6", Harness.CLIENT_KEY).statusCode()).isEqualTo(200);

        HttpResponse<String> scrape = RawHttp.send(HttpRequest.newBuilder(URI.create(harness.baseUrl() + "/metrics"))
                .header("accept", "application/openmetrics-text; version=1.0.0").GET().build());

        assertThat(scrape.headers().firstValue("content-type").orElse("")).startsWith("application/openmetrics-text");
        assertThat(scrape.body()).containsPattern("switchyard_request_latency_seconds_bucket\\{[^}]*route=\"messages\"[^}]*\\}"
                + " \\d+ # \\{[^}]*trace_id=\"" + TRACE_ID + "\"");
    }

    private static Span one(Map<String, Span> spans, String name) {
        return spans.values().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    private static String parent(Span s) {
        return hex(s.getParentSpanId().toByteArray());
    }

    private static String attr(Span s, String key) {
        for (KeyValue kv : s.getAttributesList()) {
            if (kv.getKey().equals(key)) {
                var v = kv.getValue();
                return v.hasIntValue() ? Long.toString(v.getIntValue())
                        : v.hasBoolValue() ? Boolean.toString(v.getBoolValue()) : v.getStringValue();
            }
        }
        return null;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
