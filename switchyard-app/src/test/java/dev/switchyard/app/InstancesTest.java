package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.cache.CacheService;
import dev.switchyard.claude.ClaudeService;
import dev.switchyard.claude.ModelInfo;
import dev.switchyard.claude.UpstreamCall;
import dev.switchyard.claude.UpstreamResponse;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.config.ConversationConfig;
import dev.switchyard.core.config.FiltersConfig;
import dev.switchyard.core.config.RegistryConfig.Peer;
import dev.switchyard.core.config.ServerConfig;
import dev.switchyard.core.config.SwitchyardConfig;
import dev.switchyard.core.config.UpstreamConfig;
import dev.switchyard.core.json.Json;
import dev.switchyard.core.pricing.PriceTable;
import dev.switchyard.core.config.OutputLimits;
import dev.switchyard.filter.service.PolicyFilterService;
import dev.switchyard.gateway.Gateway;
import dev.switchyard.gateway.GatewayServices;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.health.ClusterDirectory;
import dev.switchyard.registry.health.HealthRuntime;
import dev.switchyard.registry.health.HealthSettings;
import dev.switchyard.registry.health.HttpHealthProbe;
import dev.switchyard.registry.health.InstanceSet;
import dev.switchyard.registry.health.RecoveryAction;
import dev.switchyard.registry.health.RecoveryBackoff;
import dev.switchyard.registry.health.VertxScheduler;
import dev.switchyard.registry.statics.StaticRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /admin/instances} and {@code switchyard instances} over a real InstanceSet: the static registry
 * lists two claude instances whose loopback {@code /health} answers 200 and 503; this process is a gateway.
 */
class InstancesTest {
    @TempDir
    Path dir;
    private final Vertx vertx = Vertx.vertx();
    private final AuthFixture fx = new AuthFixture();
    private InstanceSet claude;
    private AuthServices auth;
    private Gateway gateway;
    private String baseUrl;

    @BeforeEach
    void start() {
        StaticRegistry registry = new StaticRegistry(List.of(
                new Peer("claude", "claude-ok", server(200), "eu-1", 1, Map.of()),
                new Peer("claude", "claude-bad", server(503), "eu-2", 1, Map.of())), Clock.systemUTC());
        claude = new InstanceSet("claude", registry, new HttpHealthProbe(vertx, vertx.createHttpClient(), "/health"),
                new HealthSettings(Duration.ofSeconds(30), Duration.ofSeconds(5), 1, 1, 0, "/health", 5, 3),
                new HealthRuntime(Clock.systemUTC(), new VertxScheduler(vertx), new Random(1),
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                RecoveryAction.NONE, new RecoveryBackoff(Duration.ofMinutes(1), Duration.ofMinutes(5), Clock.systemUTC()));
        claude.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> claude.views().stream().allMatch(v -> v.lastCheck() != null));

        SwitchyardConfig config = new SwitchyardConfig(ServerConfig.defaults().withHost("127.0.0.1").withPort(0),
                List.of(), UpstreamConfig.defaults(), List.of(), Map.of(), fx.config(1, dir), PriceTable.defaultTable(),
                CacheConfig.disabled(), ConversationConfig.disabled(), null, FiltersConfig.none());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PolicyFilterService filter = new PolicyFilterService(config.filters());
        auth = Harness.await(vertx.executeBlocking(() -> AuthServices.open(vertx, config, Clock.systemUTC(), meters,
                filter), false));
        Instance self = new Instance("gateway", "gw-here", URI.create("http://127.0.0.1:1"), "9.9.9", "", 1, null,
                Instant.parse("2026-11-29T00:00:00Z"));
        InstancesRoute.register(auth.admin(), new ClusterDirectory(() -> List.of(claude), List.of(self)));
        gateway = Harness.await(Gateway.start(vertx, config.server(), new GatewayServices(auth.keys(),
                auth.admission(), filter, new NoClaude(), auth.ledger(), config.pricing(), auth.admin(), CacheService.NONE,
                false, null, Clock.systemUTC(), OutputLimits.of(config)), meters));
        baseUrl = "http://127.0.0.1:" + gateway.port();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (gateway != null) {
                Harness.await(gateway.shutdown());
            }
            if (auth != null) {
                auth.close();
            }
            claude.close();
        } finally {
            Harness.await(vertx.close());
            fx.close();
        }
    }

    @Test
    void route_adminKey_listsEveryInstanceWithHealthAndLastCheck() {
        JsonNode data = fx.admin(baseUrl, "GET", "/admin/instances", null, 200).path("data");

        assertThat(data).extracting(n -> n.path("id").asText()).containsExactly("claude-bad", "claude-ok", "gw-here");
        JsonNode bad = data.get(0);
        assertThat(bad.path("role").asText()).isEqualTo("claude");
        assertThat(bad.path("address").asText()).startsWith("http://127.0.0.1:");
        assertThat(bad.path("zone").asText()).isEqualTo("eu-2");
        assertThat(bad.path("health").asText()).isEqualTo("unhealthy");
        assertThat(bad.path("last_check").path("ok").asBoolean()).isFalse();
        assertThat(bad.path("last_check").path("error").asText()).isEqualTo("status 503");
        assertThat(bad.path("last_check").has("latency_ms")).isTrue();
        assertThat(Instant.parse(bad.path("last_check").path("at").asText())).isNotNull();
        assertThat(bad.path("consecutive_failures").asInt()).isEqualTo(1);
        assertThat(bad.path("in_flight").asInt()).isZero();
        assertThat(bad.path("in_rotation").asBoolean()).isFalse();
        assertThat(bad.path("local").asBoolean()).isFalse();
        assertThat(Instant.parse(bad.path("registered_since").asText())).isNotNull();
        JsonNode ok = data.get(1);
        assertThat(ok.path("health").asText()).isEqualTo("healthy");
        assertThat(ok.path("last_check").path("ok").asBoolean()).isTrue();
        assertThat(ok.path("last_check").path("error").isNull()).isTrue();
        assertThat(ok.path("in_rotation").asBoolean()).isTrue();
        JsonNode here = data.get(2);
        assertThat(here.path("local").asBoolean()).isTrue();
        assertThat(here.path("version").asText()).isEqualTo("9.9.9");
        assertThat(here.path("last_check").isNull()).isTrue();
        assertThat(here.path("registered_since").asText()).isEqualTo("2026-11-29T00:00:00Z");
    }

    @Test
    void route_roleParameter_onlyThatRole() {
        JsonNode data = fx.admin(baseUrl, "GET", "/admin/instances?role=gateway", null, 200).path("data");

        assertThat(data).extracting(n -> n.path("id").asText()).containsExactly("gw-here");
    }

    @Test
    void route_noAdminKeyOrAClientKey_refused() {
        HttpResponse<String> none = RawHttp.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/instances"))
                .GET().build());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("authentication_error").doesNotContain("claude-ok");

        String clientKey = fx.createKey(baseUrl, "{\"name\":\"c\"}").path("key").asText();
        HttpResponse<String> client = RawHttp.send(HttpRequest.newBuilder(URI.create(baseUrl + "/admin/instances"))
                .header("x-api-key", clientKey).GET().build());
        assertThat(client.statusCode()).isIn(401, 403);
    }

    @Test
    void route_post_refused() {
        fx.admin(baseUrl, "POST", "/admin/instances", "{}", 400);
    }

    @Test
    void command_table_showsEveryInstanceAndTheFailedCheck() {
        Run r = cli("instances");

        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).startsWith("ROLE").contains("HEALTH", "LAST_CHECK", "FAILURES", "IN_FLIGHT", "SINCE",
                "IN_ROTATION", "LOCAL");
        assertThat(r.out()).containsPattern("claude\\s+claude-bad\\s+http://127\\.0\\.0\\.1:\\d+\\s+-\\s+eu-2\\s+unhealthy\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\s+"
                + "status 503 \\(\\d+ms\\)\\s+1\\s+0\\s+\\S+\\s+no\\s+no");
        assertThat(r.out()).containsPattern("claude\\s+claude-ok\\s+\\S+\\s+-\\s+eu-1\\s+healthy\\s+\\S+\\s+ok \\d+ms");
        assertThat(r.out()).containsPattern("gateway\\s+gw-here\\s+http://127\\.0\\.0\\.1:1\\s+9\\.9\\.9\\s+-\\s+healthy\\s+-\\s+-"
                + "\\s+0\\s+0\\s+2026-11-29T00:00:00Z\\s+yes\\s+yes");
    }

    @Test
    void command_roleAndJson_printsTheFilteredJson() throws Exception {
        Run r = cli("instances", "--role", "claude", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        JsonNode data = Json.mapper().readTree(r.out()).path("data");
        assertThat(data).extracting(n -> n.path("id").asText()).containsExactly("claude-bad", "claude-ok");
    }

    @Test
    void command_wrongAdminKey_exitsOneWithTheReason() {
        Run r = cliWithKey("sk-sy-admin-wrong", "instances");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("401");
    }

    record Run(int code, String out, String err) {}

    private Run cli(String... args) {
        return cliWithKey(fx.adminKey, args);
    }

    private Run cliWithKey(String key, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 4];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = "--url";
            all[args.length + 1] = baseUrl;
            all[args.length + 2] = "--admin-key";
            all[args.length + 3] = key;
            int code = Main.commandLine(all).execute(all);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private URI server(int status) {
        int port = vertx.createHttpServer().requestHandler(r -> r.response().setStatusCode(status).end())
                .listen(0, "127.0.0.1").await().actualPort();
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The claude role is not called here. */
    private static final class NoClaude implements ClaudeService {
        @Override
        public Future<UpstreamResponse> send(UpstreamCall call) {
            return Future.failedFuture(new IllegalStateException("not used"));
        }

        @Override
        public List<ModelInfo> models() {
            return List.of();
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
