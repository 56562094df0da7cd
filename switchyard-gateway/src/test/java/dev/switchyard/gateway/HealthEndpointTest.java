package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.Principal;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.health.DependencyCheck;
import dev.switchyard.core.health.DependencySource;
import dev.switchyard.core.health.HealthChecks;
import dev.switchyard.core.json.Json;
import dev.switchyard.filter.ContentFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /health} on a real gateway: the report, its status codes and the request count. */
class HealthEndpointTest {
    private final Vertx vertx = Vertx.vertx();
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final AtomicBoolean redisUp = new AtomicBoolean(true);
    private Gateway gateway;

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void health_noChecks_okAsBeforeWithTheRequestCount() throws Exception {
        start(null);
        get("/v1/models");
        get("/v1/models");

        HttpResponse<String> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(r.body());
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("requests").asLong()).isEqualTo(2);
        assertThat(json.path("dependencies").isEmpty()).isTrue();
    }

    @Test
    void health_everyDependencyUp_200WithEachNamed() throws Exception {
        start(checks());

        HttpResponse<String> r = get("/health");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = Json.mapper().readTree(r.body());
        assertThat(json.path("status").asText()).isEqualTo("ok");
        assertThat(json.path("instance").asText()).isEqualTo("gw-1");
        assertThat(json.path("roles").get(0).asText()).isEqualTo("gateway");
        assertThat(json.path("dependencies").path("database").path("status").asText()).isEqualTo("ok");
        assertThat(json.path("dependencies").path("redis").path("status").asText()).isEqualTo("ok");
    }

    @Test
    void health_optionalDown_degraded200_requiredDown_503() throws Exception {
        start(checks());
        redisUp.set(false);

        HttpResponse<String> degraded = get("/health");
        assertThat(degraded.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(degraded.body()).path("status").asText()).isEqualTo("degraded");

        databaseUp.set(false);
        HttpResponse<String> down = get("/health");
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode json = Json.mapper().readTree(down.body());
        assertThat(json.path("status").asText()).isEqualTo("down");
        assertThat(json.path("dependencies").path("database").path("error").asText()).contains("database is down");
    }

    private HealthChecks checks() {
        // No cache, so each request sees the switch flipped just before it.
        return new HealthChecks(vertx, java.time.Clock.systemUTC(), Duration.ofSeconds(2), Duration.ZERO, "gw-1",
                List.of("gateway"), List.of(DependencySource.of(
                        DependencyCheck.required("database", t -> databaseUp.get() ? Future.succeededFuture()
                                : Future.failedFuture(new IllegalStateException("database is down"))),
                        DependencyCheck.optional("redis", t -> redisUp.get() ? Future.succeededFuture()
                                : Future.failedFuture(new IllegalStateException("redis is down"))))));
    }

    private void start(HealthChecks health) {
        GatewayServices services = GatewayServices.core(key -> Future.succeededFuture(Principal.staticKey("k")),
                ContentFilter.ALLOW_ALL, new OneModel()).withHealth(health);
        gateway = Gateway.start(vertx, new ServerConfig("127.0.0.1", 0, 1 << 20, 8192, Duration.ofSeconds(1), 1),
                services, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).await();
    }

    private HttpResponse<String> get(String path) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                    .header("x-api-key", "k").build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static final class OneModel implements ClaudeService {
        @Override
        public Future<UpstreamResponse> send(UpstreamCall call) {
            return Future.failedFuture(new IllegalStateException("not used"));
        }

        @Override
        public List<ModelInfo> models() {
            return List.of(new ModelInfo("claude-sonnet-4-6", "Claude Sonnet 4.6", "2025-01-01T00:00:00Z"));
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
}
