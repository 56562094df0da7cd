package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.StoreConfig;
import dev.switchyard.core.json.Json;
import dev.switchyard.testkit.TcpProxy;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health} of the whole app against the machine's PostgreSQL and Redis: every dependency the
 * process was built with is named, an optional one down degrades, a required one down is a 503.
 */
class HealthTest {
    @TempDir
    Path dir;
    private final AuthFixture fx = new AuthFixture();
    private final String shardSchema = fx.schema + "_conv0";
    private Harness h;
    private TcpProxy shardProxy;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (shardProxy != null) {
            shardProxy.close();
        }
        fx.close();
        try (Connection c = DriverManager.getConnection(AuthFixture.PG_URL, "postgres", null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + shardSchema + " CASCADE");
        }
    }

    @Test
    void health_postgresAndRedisUp_okWithEveryDependencyNamed() throws Exception {
        start(AuthFixture.REDIS_URL, AuthFixture.PG_URL);
        RawHttp.get(h.baseUrl(), "/v1/models");

        HttpResponse<String> r = RawHttp.get(h.baseUrl(), "/health");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(r.body());
        assertThat(json.path("status").asText()).as(r.body()).isEqualTo("ok");
        assertThat(json.path("instance").asText()).isNotBlank();
        assertThat(json.path("roles")).extracting(JsonNode::asText).contains("gateway", "auth", "conversation");
        assertThat(json.path("requests").asLong()).isGreaterThanOrEqualTo(1);
        JsonNode deps = json.path("dependencies");
        assertThat(deps.fieldNames()).toIterable().containsExactlyInAnyOrder("auth_store", "auth_redis",
                "cache_redis_0", "conversation_shard_shard-0");
        deps.forEach(d -> assertThat(d.path("status").asText()).isEqualTo("ok"));
        assertThat(r.body()).doesNotContain("redis://").doesNotContain("jdbc:");
    }

    @Test
    void health_authRedisOnAClosedPort_degradedWith200AndAuthRedisNamed() throws Exception {
        start("redis://127.0.0.1:" + closedPort(), AuthFixture.PG_URL);

        HttpResponse<String> r = RawHttp.get(h.baseUrl(), "/health");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(r.body());
        assertThat(json.path("status").asText()).isEqualTo("degraded");
        assertThat(json.path("dependencies").path("auth_redis").path("status").asText()).isEqualTo("down");
        assertThat(json.path("dependencies").path("auth_redis").path("error").asText()).isNotBlank();
        assertThat(json.path("dependencies").path("auth_store").path("status").asText()).isEqualTo("ok");
    }

    @Test
    void health_conversationShardUnreachable_503WithTheShardNamed() throws Exception {
        shardProxy = new TcpProxy("127.0.0.1", 5432).start();
        start(AuthFixture.REDIS_URL, "jdbc:postgresql://127.0.0.1:" + shardProxy.port() + "/test");
        assertThat(RawHttp.get(h.baseUrl(), "/health").statusCode()).isEqualTo(200);

        shardProxy.stop();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> r = RawHttp.get(h.baseUrl(), "/health");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            JsonNode json = Json.mapper().readTree(r.body());
            assertThat(json.path("status").asText()).isEqualTo("down");
            assertThat(json.path("dependencies").path("conversation_shard_shard-0").path("status").asText())
                    .isEqualTo("down");
        });
    }

    private void start(String authRedis, String shardUrl) {
        CacheConfig cache = new CacheConfig(true, 16L << 20, Map.of(), List.of(AuthFixture.REDIS_URL), List.of(), 100,
                Duration.ofMillis(250), "sy-health-test:" + fx.id + ":", new BreakerConfig(2, Duration.ofSeconds(30), 1),
                10 * 1024);
        ConversationConfig shards = new ConversationConfig(true, List.of(new ConversationConfig.Shard("shard-0",
                new StoreConfig(shardUrl, "postgres", null, null, 2, shardSchema))), 100);
        h = new Harness().deployment("d1", "claude-sonnet-4-6").auth(fx.config(1, dir, authRedis)).cache(cache)
                .conversations(shards).start();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
