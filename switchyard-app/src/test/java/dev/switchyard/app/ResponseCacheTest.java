package dev.switchyard.app;

import dev.switchyard.testkit.RedisServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response cache end to end: the official SDK as the client, keys of two tenants from the auth
 * service, and an L2 over two redis-server processes of the test's own behind each gateway's L1.
 */
class ResponseCacheTest {
    private static final String MODEL = "claude-sonnet-4-6";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private RedisServer redisA;
    private RedisServer redisB;
    private Harness h;
    private String keyOfAcme;
    private String keyOfGlobex;

    @BeforeEach
    void start() throws Exception {
        fx = new AuthFixture();
        redisA = new RedisServer().start();
        redisB = new RedisServer().start();
        CacheConfig cache = new CacheConfig(true, 16L << 20, Map.of(), List.of(redisA.url(), redisB.url()), List.of(),
                100, Duration.ofMillis(250), "sy-cache-test:" + fx.id + ":", new BreakerConfig(2, Duration.ofSeconds(30), 1),
                10 * 1024);
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir)).cache(cache).start();
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\"}", 201);
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"globex\"}", 201);
        keyOfAcme = fx.createKey(h.baseUrl(), "{\"name\":\"a\",\"tenant_id\":\"acme\"}").path("key").asText();
        keyOfGlobex = fx.createKey(h.baseUrl(), "{\"name\":\"g\",\"tenant_id\":\"globex\"}").path("key").asText();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        redisA.close();
        redisB.close();
        fx.close();
    }

    private static AnthropicClient sdk(String baseUrl, String key) {
        return AnthropicOkHttpClient.builder().baseUrl(baseUrl).apiKey(key).maxRetries(0).build();
    }

    private static MessageCreateParams cached(String prompt) {
        return MessageCreateParams.builder().model(MODEL).maxTokens(64).addUserMessage(prompt)
                .putAdditionalHeader("x-switchyard-cache", "use").build();
    }

    private static String cacheHeader(HttpResponseFor<?> r) {
        return String.join(",", r.headers().values("x-switchyard-cache"));
    }

    private long upstreamMessages() {
        return h.sim("d1").stats().messages();
    }

    @Test
    void streamingHit_replayedStream_isReadByTheSdkAsTheSameMessage() {
        AnthropicClient client = sdk(h.baseUrl(), keyOfAcme);
        Message first = stream(client, "Tell me about switchyards", "miss");
        long upstreamAfterMiss = upstreamMessages();

        Message replayed = stream(client, "Tell me about switchyards", "hit");

        assertThat(upstreamMessages()).as("a hit does not go upstream").isEqualTo(upstreamAfterMiss);
        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(replayed.content()).isEqualTo(first.content());
        assertThat(replayed.stopReason()).isEqualTo(first.stopReason());
        assertThat(replayed.usage().outputTokens()).isEqualTo(first.usage().outputTokens());
        assertThat(replayed.content().get(0).text().orElseThrow().text()).isNotBlank();
    }

    private static Message stream(AnthropicClient client, String prompt, String expectedCache) {
        HttpResponseFor<StreamResponse<RawMessageStreamEvent>> r =
                client.messages().withRawResponse().createStreaming(cached(prompt));
        assertThat(cacheHeader(r)).isEqualTo(expectedCache);
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> events = r.parse()) {
            events.stream().forEach(acc::accumulate);
        }
        return acc.message();
    }

    @Test
    void sameRequest_otherTenant_neverHitsTheFirstTenantsEntry() {
        AnthropicClient acme = sdk(h.baseUrl(), keyOfAcme);
        AnthropicClient globex = sdk(h.baseUrl(), keyOfGlobex);
        assertThat(cacheHeader(acme.messages().withRawResponse().create(cached("What is our secret plan?"))))
                .isEqualTo("miss");
        assertThat(cacheHeader(acme.messages().withRawResponse().create(cached("What is our secret plan?"))))
                .isEqualTo("hit");
        long upstreamBefore = upstreamMessages();

        HttpResponseFor<Message> other = globex.messages().withRawResponse().create(cached("What is our secret plan?"));

        assertThat(cacheHeader(other)).as("another tenant's identical request").isEqualTo("miss");
        assertThat(upstreamMessages()).isEqualTo(upstreamBefore + 1);
        assertThat(cacheHeader(globex.messages().withRawResponse().create(cached("What is our secret plan?"))))
                .as("and then a hit on its own entry").isEqualTo("hit");
    }

    @Test
    void keyPolicy_alwaysCachesWithoutTheHeader_neverIgnoresDeterminism_headerWins() {
        String always = fx.createKey(h.baseUrl(), "{\"name\":\"always\",\"tenant_id\":\"acme\",\"cache_policy\":\"always\"}")
                .path("key").asText();
        AnthropicClient client = sdk(h.baseUrl(), always);
        MessageCreateParams plain = MessageCreateParams.builder().model(MODEL).maxTokens(64).addUserMessage("Policy")
                .build();

        assertThat(cacheHeader(client.messages().withRawResponse().create(plain))).isEqualTo("miss");
        assertThat(cacheHeader(client.messages().withRawResponse().create(plain))).isEqualTo("hit");
        assertThat(cacheHeader(client.messages().withRawResponse().create(plain.toBuilder()
                .putAdditionalHeader("x-switchyard-cache", "bypass").build()))).as("the header wins").isEmpty();

        JsonNode shown = fx.admin(h.baseUrl(), "GET", "/admin/keys?tenant_id=acme", null, 200);
        assertThat(shown.toString()).contains("\"cache_policy\":\"always\"");
        assertThat(fx.admin(h.baseUrl(), "POST", "/admin/keys", "{\"cache_policy\":\"sometimes\"}", 400)
                .path("error").path("message").asText()).contains("cache_policy").contains("sometimes");
        assertThat(cacheHeader(sdk(h.baseUrl(), keyOfAcme).messages().withRawResponse().create(plain)))
                .as("the default policy: only what asks").isEmpty();
    }

    @Test
    void hit_isInTheUsageLedger_withTheCostItSaved() throws Exception {
        AnthropicClient acme = sdk(h.baseUrl(), keyOfAcme);
        acme.messages().create(cached("Price this"));
        acme.messages().create(cached("Price this"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                fx.count("SELECT count(*) FROM usage_records WHERE tenant_id = 'acme'")).isEqualTo(2));
        assertThat(fx.count("SELECT count(*) FROM usage_records WHERE cache_hit AND saved_micros > 0 AND cost_micros = 0"))
                .isEqualTo(1);
        assertThat(fx.count("SELECT count(*) FROM usage_records WHERE NOT cache_hit AND cost_micros > 0")).isEqualTo(1);
    }

    @Test
    void redisNodeKilled_itsEntriesBecomeMisses_noRequestFails() throws Exception {
        AnthropicClient writer = sdk(h.baseUrl(), keyOfAcme);
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            prompts.add("question number " + i);
            assertThat(cacheHeader(writer.messages().withRawResponse().create(cached(prompts.get(i))))).isEqualTo("miss");
        }
        // A second replica has an empty L1: its hits can only come from the Redis nodes.
        AnthropicClient fromRedis = sdk(h.replica().baseUrl(), keyOfAcme);
        for (String p : prompts) {
            assertThat(cacheHeader(fromRedis.messages().withRawResponse().create(cached(p)))).as(p).isEqualTo("hit");
        }

        redisA.kill();
        AnthropicClient afterKill = sdk(h.replica().baseUrl(), keyOfAcme);
        long upstreamBefore = upstreamMessages();
        int hits = 0;
        int misses = 0;
        for (String p : prompts) {
            HttpResponseFor<Message> r = afterKill.messages().withRawResponse().create(cached(p));
            assertThat(r.statusCode()).isEqualTo(200);
            if (cacheHeader(r).equals("hit")) {
                hits++;
            } else {
                misses++;
            }
        }

        assertThat(hits).as("entries on the live node still hit").isPositive();
        assertThat(misses).as("entries on the dead node are misses").isPositive();
        assertThat(upstreamMessages()).isEqualTo(upstreamBefore + misses);
    }
}
