package dev.switchyard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.auth.limit.LimitMetrics;
import dev.switchyard.cluster.ClusterMetrics;
import dev.switchyard.gateway.GatewayMetrics;
import dev.switchyard.registry.health.RegistryMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules against a running quick start ({@code switchyard run}: embedded store,
 * L1 cache, the built-in simulator) after traffic of every kind they chart: every metric they name is in
 * its {@code /metrics}, and a real Prometheus scraping it evaluates the rules and fires alerts on
 * conditions made here (a target that is down, a budget spent).
 */
class ObservabilityTest {
    private static final String MODEL = "claude-sonnet-4-6";

    /**
     * Metrics that the quick start cannot show, each with why; every other name in the dashboard and the
     * rules must be in its /metrics.
     */
    private static final Map<String, String> ABSENT_IN_QUICK_START = Map.of(
            counter(LimitMetrics.FALLBACK), "admission without Redis: the quick start has no Redis to lose",
            counter(ClusterMetrics.FALLBACKS), "calls to roles in other processes: the quick start is one process",
            counter(RegistryMetrics.HEALTH_CHECKS), "health checks of role instances elsewhere: one process",
            counter(GatewayMetrics.STREAM_ERRORS), "a stream that broke (stall, truncation, client gone)",
            "jvm_gc_pause_seconds_sum", "after the JVM's first collection, whenever the JVM decides",
            "jvm_gc_pause_seconds_count", "after the JVM's first collection",
            "jvm_gc_pause_seconds_max", "after the JVM's first collection");

    @TempDir
    static Path dir;
    private static QuickStartProcess gateway;
    private static String metrics;

    @BeforeAll
    static void startAndCauseTraffic() throws IOException {
        gateway = QuickStartProcess.start(dir);
        String client = gateway.createKey("{\"name\":\"client\"}");
        assertThat(send(client, message(false), null).statusCode()).isEqualTo(200);
        assertThat(send(client, message(true), null).statusCode()).isEqualTo(200);
        // A cache hit: the second of two identical requests that ask for the cache.
        assertThat(send(client, message(false), "use").headers().firstValue("x-switchyard-cache")).hasValue("miss");
        assertThat(send(client, message(false), "use").headers().firstValue("x-switchyard-cache")).hasValue("hit");
        // A rate limit refusal: one request a minute, two sent.
        String limited = gateway.createKey("{\"name\":\"limited\",\"limits\":{\"requests_per_minute\":1}}");
        send(limited, message(false), null);
        assertThat(send(limited, message(false), null).statusCode()).isEqualTo(429);
        // A budget spent by its first request: the second is refused, after its admission saw it over 90%.
        String poor = gateway.createKey("{\"name\":\"poor\",\"limits\":{\"daily_budget_usd\":0.0001}}");
        assertThat(send(poor, message(false), null).statusCode()).isEqualTo(200);
        assertThat(send(poor, message(false), null).statusCode()).isBetween(400, 499);
        // passed through (it is under /v1/): the deployment's own 404
        assertThat(RawHttp.post(gateway.baseUrl(), "/v1/no-such-route", "{}").statusCode()).isEqualTo(404);
        assertThat(RawHttp.post(gateway.baseUrl(), "/no-such-route", "{}").statusCode()).isEqualTo(404);
        metrics = RawHttp.get(gateway.baseUrl(), "/metrics").body();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void metricNames_inTheDashboardAndAlertRules_areAllInAGatewaysMetrics() {
        List<String> expressions = new ArrayList<>(ObservabilityFiles.dashboardExpressions());
        expressions.addAll(ObservabilityFiles.alertExpressions());
        Set<String> used = ObservabilityFiles.metricNames(expressions);

        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(ObservabilityFiles.exposed(metrics));
        missing.removeAll(ABSENT_IN_QUICK_START.keySet());

        assertThat(used).as("what the files chart").hasSizeGreaterThan(30)
                .containsAll(ABSENT_IN_QUICK_START.keySet());
        assertThat(missing).as("names in deploy/observability that the gateway does not export").isEmpty();
        assertThat(ObservabilityFiles.exposed(metrics)).as("the exceptions really are absent here")
                .doesNotContainAnyElementsOf(ABSENT_IN_QUICK_START.keySet().stream()
                        .filter(n -> !n.startsWith("jvm_gc")).toList());
    }

    @Test
    void prometheus_scrapingTheGateway_evaluatesTheRulesAndFiresAlerts() throws Exception {
        Path rules = dir.resolve("alerts-now.yml");
        // The shipped rules with no "for": the conditions made here hold for seconds, not minutes.
        Files.writeString(rules, ObservabilityFiles.read(ObservabilityFiles.ALERTS).replaceAll("for: \\w+", "for: 0s"));
        String gw = "127.0.0.1:" + gateway.port();
        String dead = "127.0.0.1:" + PrometheusServer.freePort();

        try (PrometheusServer prometheus = PrometheusServer.start(dir, rules, List.of(gw, dead))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonNode targets = prometheus.api("targets").path("activeTargets");
                assertThat(health(targets, gw)).as(targets.toString()).isEqualTo("up");
                assertThat(health(targets, dead)).isEqualTo("down");
            });
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                List<String> firing = firing(prometheus.api("alerts").path("alerts"));
                assertThat(firing).contains("SwitchyardInstanceDown " + dead, "SwitchyardBudgetNearlySpent")
                        .doesNotContain("SwitchyardInstanceDown " + gw);
            });
            assertRulesHealthy(prometheus.api("rules"));
            for (String e : ObservabilityFiles.dashboardExpressions()) {
                assertThat(prometheus.query(e).path("resultType").asText()).as(e).isNotEmpty();
            }
            assertThat(prometheus.query("switchyard_requests_total{status=\"200\"}").path("result")).as(prometheus.output())
                    .isNotEmpty();
        }
    }

    private static void assertRulesHealthy(JsonNode rules) {
        int count = 0;
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok");
                assertThat(rule.path("lastEvaluation").asText()).as(rule.toString()).doesNotStartWith("0001-");
                count++;
            }
        }
        assertThat(count).isEqualTo(ObservabilityFiles.alertExpressions().size());
    }

    private static String health(JsonNode targets, String instance) {
        for (JsonNode t : targets) {
            if (instance.equals(t.path("labels").path("instance").asText())) {
                return t.path("health").asText();
            }
        }
        return "absent";
    }

    /** "name instance" of the alerts that fire ("name" alone when the alert has no instance label). */
    private static List<String> firing(JsonNode alerts) {
        List<String> found = new ArrayList<>();
        for (JsonNode a : alerts) {
            if ("firing".equals(a.path("state").asText())) {
                String instance = a.path("labels").path("instance").asText("");
                found.add((a.path("labels").path("alertname").asText() + " " + instance).trim());
            }
        }
        return found;
    }

    private static String counter(String micrometerName) {
        return micrometerName.replace('.', '_') + "_total";
    }

    private static String message(boolean stream) {
        return "{\"model\":\"" + MODEL + "\",\"max_tokens\":32,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}";
    }

    private static HttpResponse<String> send(String key, String body, String cache) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages"))
                .timeout(Duration.ofSeconds(20)).header("anthropic-version", "2023-06-01")
                .header("content-type", "application/json").header("x-api-key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cache != null) {
            b.header("x-switchyard-cache", cache);
        }
        return RawHttp.send(b.build());
    }
}
