package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.json.Json;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The translation service end to end: virtual keys with limits and a ledger, the cache, real Lingua
 * detection, and an upstream of the test's own that records every call and "translates" by prefixing
 * each text with its target (the simulator cannot be told what to answer).
 */
class TranslateTest {
    private static final String MODEL = "claude-haiku-4-5";
    private static final String REPLY = "Good morning! The weather is lovely today.";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;
    private String key;
    /** The body of every call the upstream got. */
    private final List<JsonNode> upstreamCalls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        h = new Harness();
        HttpServer upstream = Harness.await(h.vertx.createHttpServer().requestHandler(this::upstream)
                .listen(0, "127.0.0.1"));
        CacheConfig cache = new CacheConfig(true, 16L << 20, Map.of(), List.of(), List.of(), 100,
                Duration.ofMillis(250), "sy-translate-test:" + fx.id + ":", new BreakerConfig(2, Duration.ofSeconds(30), 1),
                10 * 1024);
        h.deployment("fake", "http://127.0.0.1:" + upstream.actualPort(), List.of(MODEL))
                .auth(fx.config(1, dir)).cache(cache).start();
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\"}", 201);
        key = fx.createKey(h.baseUrl(), "{\"name\":\"t\",\"tenant_id\":\"acme\"}").path("key").asText();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    /** A translation prompt gets the array it asks for ("de:" + text, said to be English); anything else REPLY. */
    private void upstream(HttpServerRequest req) {
        req.body().onSuccess(b -> {
            JsonNode body = parse(b.toString());
            upstreamCalls.add(body);
            String text = REPLY;
            if (body.path("system").asText().contains("translation engine")) {
                ArrayNode out = Json.mapper().createArrayNode();
                parse(body.path("messages").get(0).path("content").asText())
                        .forEach(t -> out.addObject().put("source_language", "en").put("text", "de:" + t.asText()));
                text = out.toString();
            }
            ObjectNode m = Json.mapper().createObjectNode().put("id", "msg_fake").put("type", "message")
                    .put("role", "assistant").put("model", MODEL).put("stop_reason", "end_turn");
            m.putNull("stop_sequence");
            m.putArray("content").addObject().put("type", "text").put("text", text);
            m.putObject("usage").put("input_tokens", 30).put("output_tokens", 10);
            req.response().putHeader("content-type", "application/json").end(m.toString());
        });
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private HttpResponse<String> translate(String apiKey, String body) {
        return RawHttp.post(h.baseUrl(), "/v1/translate", HttpRequest.BodyPublishers.ofString(body), apiKey);
    }

    private static String one(String text, String target) {
        return "{\"text\":\"" + text + "\",\"target_language\":\"" + target + "\",\"model\":\"" + MODEL + "\"}";
    }

    private AnthropicClient sdk() {
        return AnthropicOkHttpClient.builder().baseUrl(h.baseUrl()).apiKey(key).maxRetries(0).build();
    }

    @Test
    void translate_askedTwice_callsClaudeOnceAndTheSecondIsACacheHit() {
        HttpResponse<String> first = translate(key, one("Good morning, how are you today?", "de"));
        HttpResponse<String> second = translate(key, one("Good morning, how are you today?", "de"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode answer = parse(first.body());
        assertThat(answer.path("type").asText()).isEqualTo("translation");
        assertThat(answer.path("translations").get(0).path("text").asText())
                .isEqualTo("de:Good morning, how are you today?");
        assertThat(answer.path("translations").get(0).path("source_language").asText()).isEqualTo("en");
        assertThat(answer.path("translations").get(0).path("target_language").asText()).isEqualTo("de");
        assertThat(answer.path("model").asText()).isEqualTo(MODEL);
        assertThat(answer.path("usage").path("output_tokens").asLong()).isEqualTo(10);
        assertThat(first.headers().firstValue("x-switchyard-cache")).hasValue("miss");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("x-switchyard-cache")).hasValue("hit");
        assertThat(parse(second.body()).path("translations")).isEqualTo(answer.path("translations"));
        assertThat(upstreamCalls).hasSize(1);
    }

    @Test
    void translate_everyRequest_writesALedgerRowTheHitMarkedAsOne() throws Exception {
        translate(key, one("See you tomorrow at the station.", "fr"));
        translate(key, one("See you tomorrow at the station.", "fr"));

        await().atMost(Duration.ofSeconds(10)).until(() -> fx.count("SELECT COUNT(*) FROM usage_records") >= 2);
        assertThat(fx.count("SELECT COUNT(*) FROM usage_records WHERE status = 200 AND NOT cache_hit"
                + " AND input_tokens = 30 AND output_tokens = 10 AND model_asked = '" + MODEL + "'")).isEqualTo(1);
        assertThat(fx.count("SELECT COUNT(*) FROM usage_records WHERE status = 200 AND cache_hit")).isEqualTo(1);
    }

    @Test
    void translate_textAlreadyInTheTargetLanguage_makesNoUpstreamCall() {
        String german = "Guten Morgen, das Wetter ist heute wirklich schön und wir gehen an den Strand.";
        HttpResponse<String> r = translate(key, one(german, "de"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode t = parse(r.body()).path("translations").get(0);
        assertThat(t.path("text").asText()).isEqualTo(german);
        assertThat(t.path("source_language").asText()).isEqualTo("de");
        assertThat(upstreamCalls).isEmpty();
    }

    @Test
    void translate_keyOverItsRequestRate_gets429() {
        String limited = fx.createKey(h.baseUrl(), "{\"name\":\"l\",\"tenant_id\":\"acme\",\"limits\":"
                + "{\"requests_per_minute\":1,\"tokens_per_minute\":100000}}").path("key").asText();

        HttpResponse<String> first = translate(limited, one("The first sentence to translate.", "es"));
        HttpResponse<String> second = translate(limited, one("The second sentence to translate.", "es"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(parse(second.body()).path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(upstreamCalls).hasSize(1);
    }

    @Test
    void translate_badRequest_isAClear400() {
        HttpResponse<String> r = translate(key, "{\"text\":\"Hi\",\"target_language\":\"german\",\"model\":\"" + MODEL
                + "\"}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(parse(r.body()).path("error").path("message").asText()).contains("target_language", "ISO 639-1");
        assertThat(translate(null, one("Hi", "de")).statusCode()).isEqualTo(401);
        assertThat(upstreamCalls).isEmpty();
    }

    @Test
    void messages_translateToHeaderNonStreaming_answersTheReplyTranslated() {
        Message m = sdk().messages().create(MessageCreateParams.builder().model(MODEL).maxTokens(64)
                .addUserMessage("Say good morning").putAdditionalHeader("x-switchyard-translate-to", "de").build());

        assertThat(m.content().get(0).text().orElseThrow().text()).isEqualTo("de:" + REPLY);
        assertThat(m.usage().outputTokens()).isEqualTo(20);
        assertThat(upstreamCalls).hasSize(2);
        assertThat(upstreamCalls.get(1).path("system").asText()).contains("German");
    }

    @Test
    void messages_translateToHeaderStreaming_isRefused() {
        MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(64)
                .addUserMessage("Say good morning").putAdditionalHeader("x-switchyard-translate-to", "de").build();

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> s = sdk().messages().createStreaming(params)) {
                s.stream().forEach(e -> { });
            }
        }).isInstanceOf(BadRequestException.class).hasMessageContaining("non-streaming messages only");
        assertThat(upstreamCalls).isEmpty();
    }
}
