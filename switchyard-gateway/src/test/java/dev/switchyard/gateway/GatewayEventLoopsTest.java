package dev.switchyard.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.Principal;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.filter.ContentFilter;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class GatewayEventLoopsTest {
    /** Regression: servers created from the main thread all shared its one context and event loop. */
    @Test
    void start_twoEventLoops_handlesConnectionsOnBoth() throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(4));
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try {
            Gateway gateway = Gateway.start(vertx,
                            new ServerConfig("127.0.0.1", 0, 1 << 20, 8192, Duration.ofSeconds(1), 2),
                            key -> {
                                threads.add(Thread.currentThread().getName());
                                return Future.succeededFuture(Principal.staticKey("k"));
                            },
                            ContentFilter.ALLOW_ALL, new NoUpstream(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
                    .await();

            for (int i = 0; i < 8; i++) {
                // A new client each time: a new connection, which Vert.x hands to the next server.
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + gateway.port() + "/v1/models"))
                        .header("x-api-key", "k").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }

            assertThat(threads).hasSize(2).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
        } finally {
            vertx.close().await();
        }
    }

    private static final class NoUpstream implements ClaudeService {
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
