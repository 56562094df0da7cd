package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.json.Json;
import dev.switchyard.simulator.Fault;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** /v1/chat/completions on the wire: OpenAI's error shape and statuses, stream framing, cache, metrics. */
class ChatCompletionsWireTest {
    private static final String MODEL = "claude-sonnet-4-6";
    private Harness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static String body(String extra) {
        return "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]" + extra
                + "}";
    }

    private HttpResponse<String> post(String body, String bearer, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("authorization", "Bearer " + bearer);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return RawHttp.send(b.build());
    }

    private static JsonNode error(HttpResponse<String> r) throws Exception {
        JsonNode root = Json.mapper().readTree(r.body());
        assertThat(root.has("type")).as("no Anthropic envelope: %s", r.body()).isFalse();
        JsonNode error = root.get("error");
        assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code"))
                .as("OpenAI's four fields: %s", r.body()).isTrue();
        return error;
    }

    @Test
    void errors_missingOrWrongKey_are401InOpenAisShape() throws Exception {
        h = new Harness().deployment("d", MODEL).start();

        HttpResponse<String> none = post(body(""), null);
        HttpResponse<String> wrong = post(body(""), "sk-wrong");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(error(none).get("type").asText()).isEqualTo("authentication_error");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(error(wrong).get("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void errors_unsupportedParameterOrBadJson_are400NamingTheParameter() throws Exception {
        h = new Harness().deployment("d", MODEL).start();

        HttpResponse<String> bias = post(body(",\"logit_bias\":{\"1\":5}"), Harness.CLIENT_KEY);
        HttpResponse<String> junk = post("{not json", Harness.CLIENT_KEY);
        HttpResponse<String> get = RawHttp.send(HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + Harness.CLIENT_KEY).GET().build());

        assertThat(bias.statusCode()).isEqualTo(400);
        assertThat(error(bias).get("param").asText()).isEqualTo("logit_bias");
        assertThat(error(bias).get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(error(junk).get("param").isNull()).isTrue();
        assertThat(get.statusCode()).isEqualTo(400);
        error(get);
    }

    @Test
    void errors_upstreamRateLimitedAndOverloaded_are429And503InOpenAisShape() throws Exception {
        h = new Harness().deployment("d", MODEL).start();
        h.sim("d").setFault(Fault.status(429, Duration.ofMillis(100)));
        HttpResponse<String> limited = post(body(""), Harness.CLIENT_KEY);
        h.sim("d").setFault(Fault.status(529));
        HttpResponse<String> overloaded = post(body(""), Harness.CLIENT_KEY);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(error(limited).get("type").asText()).isEqualTo("rate_limit_error");
        assertThat(overloaded.statusCode()).isEqualTo(503);
        assertThat(error(overloaded).get("type").asText()).isEqualTo("server_error");
    }

    @Test
    void stream_onTheWire_isDataLinesOnlyEndingInDone() {
        h = new Harness().deployment("d", MODEL).start();

        HttpResponse<String> r = post(body(",\"stream\":true"), Harness.CLIENT_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        List<String> lines = Arrays.stream(r.body().split("\n")).filter(l -> !l.isEmpty()).toList();
        assertThat(lines).allSatisfy(l -> assertThat(l).startsWith("data: "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("data: [DONE]");
        assertThat(r.body()).doesNotContain("event:").doesNotContain("message_start");
    }

    @Test
    void stream_upstreamFailsMidway_endsWithAnOpenAiErrorChunk() throws Exception {
        h = new Harness().deployment("d", MODEL).start();
        h.sim("d").setFault(Fault.status(500).withStallAfter(5).times(1));

        HttpResponse<String> r = post(body(",\"stream\":true"), Harness.CLIENT_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        String[] events = r.body().split("\n\n");
        String last = events[events.length - 1];
        assertThat(last).startsWith("data: ").doesNotContain("[DONE]");
        assertThat(Json.mapper().readTree(last.substring(6)).path("error").path("type").asText()).isEqualTo("server_error");
    }

    @Test
    void cache_sameRequestTwice_secondIsAHitInTheSameShape() throws Exception {
        h = new Harness().deployment("d", MODEL).cache(CacheConfig.l1Only()).start();

        HttpResponse<String> first = post(body(""), Harness.CLIENT_KEY, "x-switchyard-cache", "use");
        HttpResponse<String> second = post(body(""), Harness.CLIENT_KEY, "x-switchyard-cache", "use");
        HttpResponse<String> streamed = post(body(",\"stream\":true"), Harness.CLIENT_KEY, "x-switchyard-cache", "use");

        assertThat(first.headers().firstValue("x-switchyard-cache")).hasValue("miss");
        assertThat(second.headers().firstValue("x-switchyard-cache")).hasValue("hit");
        JsonNode a = Json.mapper().readTree(first.body());
        JsonNode b = Json.mapper().readTree(second.body());
        assertThat(b.at("/choices/0/message/content").asText()).isEqualTo(a.at("/choices/0/message/content").asText());
        assertThat(b.get("object").asText()).isEqualTo("chat.completion");
        assertThat(streamed.body()).endsWith("data: [DONE]\n\n");
    }

    @Test
    void metrics_chatCompletions_areCountedUnderTheirOwnRouteLabel() {
        h = new Harness().deployment("d", MODEL).start();
        post(body(""), Harness.CLIENT_KEY);

        assertThat(RawHttp.get(h.baseUrl(), "/metrics").body()).contains("route=\"chat_completions\"");
    }
}
