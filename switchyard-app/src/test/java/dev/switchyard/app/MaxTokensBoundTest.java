package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.core.json.Json;
import dev.switchyard.simulator.Fault;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * max_tokens is bounded by the model's maximum output (claude-sonnet-4-6: 64,000) and refused at the
 * gateway before anything is reserved: a budget reservation is the worst case, max_tokens of output, so an
 * absurd value would lock the key's siblings out of the tenant's budget while it is in flight.
 */
class MaxTokensBoundTest {
    private static final String MODEL = "claude-sonnet-4-6";

    @TempDir
    Path dir;
    private AuthFixture fx;
    private Harness h;
    private String keyA;
    private String keyB;

    @BeforeEach
    void start() {
        fx = new AuthFixture();
        h = new Harness().deployment("d1", MODEL).auth(fx.config(1, dir)).start();
        fx.admin(h.baseUrl(), "POST", "/admin/tenants", "{\"id\":\"acme\",\"limits\":{\"daily_budget_usd\":10}}", 201);
        keyA = fx.createKey(h.baseUrl(), "{\"name\":\"a\",\"tenant_id\":\"acme\"}").path("key").asText();
        keyB = fx.createKey(h.baseUrl(), "{\"name\":\"b\",\"tenant_id\":\"acme\"}").path("key").asText();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
        fx.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"64001", "2000000000", "9223372036854775807", "99999999999999999999999", "0", "-1",
            "1.5", "1e30", "\"100\"", "null"})
    void maxTokens_absurdOrAboveTheModelsMaximum_400InvalidRequestAndNothingGoesUpstream(String value) throws Exception {
        HttpResponse<String> r = post(keyA, value);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = Json.mapper().readTree(r.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).startsWith("max_tokens");
        assertThat(h.sim("d1").stats().requests()).isZero();
        assertThat(reserved("tenant:acme")).isZero();
    }

    @Test
    void maxTokens_atTheModelsMaximum_admitted() {
        assertThat(post(keyA, "64000").statusCode()).isEqualTo(200);
    }

    @Test
    void maxTokens_absurdWhileInFlight_siblingKeyOfTheTenantNotLockedOut() {
        // Held upstream for a while if it were admitted: its reservation (2e9 tokens of output, about
        // 30,000 USD) would exhaust the tenant's 10 USD budget for everyone while it is in flight.
        h.sim("d1").setFault(Fault.latency(Duration.ofSeconds(3)).times(1));
        CompletableFuture<HttpResponse<String>> absurd = CompletableFuture.supplyAsync(() -> post(keyA, "2000000000"));
        await().atMost(Duration.ofSeconds(10)).until(() -> absurd.isDone() || h.sim("d1").stats().requests() > 0);

        HttpResponse<String> sibling = post(keyB, "32");

        assertThat(sibling.statusCode()).as(sibling.body()).isEqualTo(200);
        assertThat(absurd.join().statusCode()).isEqualTo(400);
    }

    @Test
    void adminLimits_budget1e999OrRateBeyondWhatTheLimitsTake_400NamingTheField() {
        JsonNode e = fx.admin(h.baseUrl(), "POST", "/admin/keys", "{\"limits\":{\"daily_budget_usd\":1e999}}", 400);
        assertThat(e.path("error").path("message").asText()).startsWith("limits.daily_budget_usd");
        e = fx.admin(h.baseUrl(), "POST", "/admin/keys", "{\"limits\":{\"requests_per_minute\":9223372036854775807}}",
                400);
        assertThat(e.path("error").path("message").asText()).startsWith("limits.requests_per_minute");
    }

    private HttpResponse<String> post(String key, String maxTokens) {
        String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":" + maxTokens
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";
        return RawHttp.post(h.baseUrl(), "/v1/messages", HttpRequest.BodyPublishers.ofString(body), key);
    }

    /** What the scope's budget counter of today holds reserved in Redis (0 when it does not exist). */
    private long reserved(String scope) {
        Redis redis = Redis.createClient(h.vertx, AuthFixture.REDIS_URL);
        try {
            String key = "sy-test:" + fx.id + ":spend:" + scope + ":d:" + LocalDate.now(ZoneOffset.UTC);
            Response r = Harness.await(redis.send(Request.cmd(Command.HGET).arg(key).arg("reserved")));
            return r == null ? 0 : r.toLong();
        } finally {
            redis.close();
        }
    }
}
