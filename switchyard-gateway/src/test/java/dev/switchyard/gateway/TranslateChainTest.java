package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.json.Json;
import dev.switchyard.translation.LanguageDetector;
import dev.switchyard.translation.TranslationSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The translate steps alone on a loopback chain: a fake principal, cache, detector and upstream around them. */
class TranslateChainTest {
    private final Vertx vertx = Vertx.vertx();
    private final MapCache cache = new MapCache();
    /** What the fake upstream was asked: the texts of each call. */
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close();
    }

    /** An in-memory cache, for counting what is stored under the translation kind. */
    static final class MapCache implements CacheService {
        final Map<String, byte[]> entries = new ConcurrentHashMap<>();

        @Override
        public Future<byte[]> get(CacheKind kind, String tenant, String key) {
            return Future.succeededFuture(entries.get(kind + "/" + tenant + "/" + key));
        }

        @Override
        public Future<Void> put(CacheKind kind, String tenant, String key, byte[] value) {
            entries.put(kind + "/" + tenant + "/" + key, value);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> delete(CacheKind kind, String tenant, String key) {
            entries.remove(kind + "/" + tenant + "/" + key);
            return Future.succeededFuture();
        }

        @Override
        public Future<Long> purgeTenant(String tenant) {
            return Future.succeededFuture(0L);
        }
    }

    private static Step principal(String tenant) {
        return ex -> {
            ex.put(AuthenticateStep.PRINCIPAL, new Principal("k-" + tenant, tenant, null, null, null, null, null));
            return Step.NEXT;
        };
    }

    /** Answers each call with what {@code reply} makes of the texts it was sent, as a whole message. */
    private Step upstream(Function<List<String>, String> reply) {
        return ex -> {
            JsonNode sent = parse(ex.get(ParseStep.REQUEST).body().path("messages").get(0).path("content").asText());
            List<String> texts = new java.util.ArrayList<>();
            sent.forEach(t -> texts.add(t.asText()));
            calls.add(texts);
            ObjectNode m = Json.mapper().createObjectNode().put("id", "msg_t").put("type", "message")
                    .put("role", "assistant").put("model", "served-model").put("stop_reason", "end_turn");
            m.putArray("content").addObject().put("type", "text").put("text", reply.apply(texts));
            m.putObject("usage").put("input_tokens", 40).put("output_tokens", 12);
            return Future.succeededFuture(Response.message(m, Buffer.buffer(m.toString()), false));
        };
    }

    /** The answer a well-behaved Claude gives: each text "translated" by a prefix, said to be English. */
    private static String prefixing(List<String> texts) {
        ArrayNode out = Json.mapper().createArrayNode();
        texts.forEach(t -> out.addObject().put("source_language", "en").put("text", "fr:" + t));
        return out.toString();
    }

    private ChainHarness chain(String tenant, LanguageDetector detector, Function<List<String>, String> reply)
            throws Exception {
        Translations translations = new Translations(vertx, cache, detector);
        return new ChainHarness(List.of(principal(tenant), new ReadBodyStep(1 << 20),
                new TranslateStep(translations, TranslationSettings.defaults()), new ParseStep(true),
                new TranslateHitStep(), upstream(reply)));
    }

    private static JsonNode json(HttpResponse<String> r) {
        return parse(r.body());
    }

    private static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    @Test
    void translate_twice_asksUpstreamOnceAndAnswersTheSecondFromTheCache() throws Exception {
        try (ChainHarness h = chain("acme", LanguageDetector.NONE, TranslateChainTest::prefixing)) {
            String body = "{\"text\":\"Good morning\",\"target_language\":\"fr\",\"model\":\"m\"}";
            HttpResponse<String> first = h.post(body);
            HttpResponse<String> second = h.post(body);

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("x-switchyard-cache")).hasValue("miss");
            assertThat(json(first).path("type").asText()).isEqualTo("translation");
            assertThat(json(first).path("model").asText()).isEqualTo("served-model");
            assertThat(json(first).path("usage").path("input_tokens").asLong()).isEqualTo(40);
            JsonNode t = json(first).path("translations").get(0);
            assertThat(t.path("text").asText()).isEqualTo("fr:Good morning");
            assertThat(t.path("source_language").asText()).isEqualTo("en");
            assertThat(t.path("target_language").asText()).isEqualTo("fr");
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.headers().firstValue("x-switchyard-cache")).hasValue("hit");
            assertThat(json(second).path("translations")).isEqualTo(json(first).path("translations"));
            assertThat(calls).hasSize(1);
        }
    }

    @Test
    void translate_batchWithSomeCached_asksOnlyForTheRestInOrder() throws Exception {
        try (ChainHarness h = chain("acme", LanguageDetector.NONE, TranslateChainTest::prefixing)) {
            h.post("{\"text\":\"two\",\"target_language\":\"fr\",\"model\":\"m\"}");
            HttpResponse<String> r = h.post("{\"texts\":[\"one\",\"two\",\"three\"],\"target_language\":\"fr\","
                    + "\"model\":\"m\"}");

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(calls).containsExactly(List.of("two"), List.of("one", "three"));
            assertThat(json(r).path("translations").findValuesAsText("text"))
                    .containsExactly("fr:one", "fr:two", "fr:three");
        }
    }

    @Test
    void translate_sameTextOtherTenant_isNotServedFromTheFirstTenantsCache() throws Exception {
        try (ChainHarness a = chain("acme", LanguageDetector.NONE, TranslateChainTest::prefixing);
                ChainHarness b = chain("globex", LanguageDetector.NONE, TranslateChainTest::prefixing)) {
            String body = "{\"text\":\"Hello\",\"target_language\":\"fr\",\"model\":\"m\"}";
            a.post(body);
            HttpResponse<String> other = b.post(body);

            assertThat(other.headers().firstValue("x-switchyard-cache")).hasValue("miss");
            assertThat(calls).hasSize(2);
        }
    }

    @Test
    void translate_textAlreadyInTheTarget_isAnsweredWithoutACall() throws Exception {
        LanguageDetector detector = text -> text.startsWith("Bonjour") ? "fr" : "en";
        try (ChainHarness h = chain("acme", detector, TranslateChainTest::prefixing)) {
            HttpResponse<String> same = h.post("{\"text\":\"Bonjour à tous\",\"target_language\":\"fr\","
                    + "\"model\":\"m\"}");
            HttpResponse<String> mixed = h.post("{\"texts\":[\"Bonjour\",\"Hello\"],\"target_language\":\"fr\","
                    + "\"model\":\"m\"}");

            assertThat(same.statusCode()).isEqualTo(200);
            assertThat(json(same).path("translations").get(0).path("text").asText()).isEqualTo("Bonjour à tous");
            assertThat(json(same).path("translations").get(0).path("source_language").asText()).isEqualTo("fr");
            assertThat(same.headers().firstValue("x-switchyard-cache")).isEmpty();
            assertThat(json(mixed).path("translations").findValuesAsText("text")).containsExactly("Bonjour", "fr:Hello");
            assertThat(calls).containsExactly(List.of("Hello"));
        }
    }

    @Test
    void translate_batch_detectorAskedOnceForTheWholeBatch_andABatchThatFailsIsTriedTextByText() throws Exception {
        List<List<String>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        LanguageDetector detector = new LanguageDetector() {
            @Override
            public String detect(String text) {
                return text.startsWith("Bonjour") ? "fr" : null;
            }

            @Override
            public List<String> detectAll(List<String> texts) {
                batches.add(texts);
                if (texts.contains("Boom")) {
                    throw new IllegalStateException("the translation role is down");
                }
                return LanguageDetector.super.detectAll(texts);
            }
        };
        try (ChainHarness h = chain("acme", detector, TranslateChainTest::prefixing)) {
            HttpResponse<String> batch = h.post("{\"texts\":[\"Bonjour\",\"Hello\"],\"target_language\":\"fr\","
                    + "\"model\":\"m\"}");
            HttpResponse<String> failing = h.post("{\"texts\":[\"Bonjour toi\",\"Boom\"],\"target_language\":\"fr\","
                    + "\"model\":\"m\"}");

            assertThat(batches).containsExactly(List.of("Bonjour", "Hello"), List.of("Bonjour toi", "Boom"));
            assertThat(json(batch).path("translations").findValuesAsText("text")).containsExactly("Bonjour", "fr:Hello");
            assertThat(json(failing).path("translations").findValuesAsText("text"))
                    .containsExactly("Bonjour toi", "fr:Boom");
        }
    }

    @Test
    void translate_replyThatIsNotTheArray_isAnApiErrorAndNothingIsCached() throws Exception {
        try (ChainHarness h = chain("acme", LanguageDetector.NONE, texts -> "Bonjour!")) {
            HttpResponse<String> r = h.post("{\"text\":\"Hello\",\"target_language\":\"fr\",\"model\":\"m\"}");

            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(json(r).path("error").path("type").asText()).isEqualTo("api_error");
            assertThat(json(r).path("error").path("message").asText()).contains("translation reply could not be read");
            assertThat(cache.entries).isEmpty();
        }
    }

    @Test
    void translate_invalidBody_is400BeforeAnyCall() throws Exception {
        try (ChainHarness h = chain("acme", LanguageDetector.NONE, TranslateChainTest::prefixing)) {
            HttpResponse<String> r = h.post("{\"text\":\"Hello\",\"target_language\":\"french\",\"model\":\"m\"}");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(json(r).path("error").path("message").asText()).contains("target_language");
            assertThat(calls).isEmpty();
        }
    }
}
