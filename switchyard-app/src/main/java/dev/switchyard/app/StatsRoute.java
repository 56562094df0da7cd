package dev.switchyard.app;

import static dev.switchyard.gateway.GatewayMetrics.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.auth.admin.AdminApi;
import dev.switchyard.auth.admin.AdminRoute;
import dev.switchyard.auth.ledger.LedgerMetrics;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.json.Json;
import dev.switchyard.gateway.stats.Series;
import dev.switchyard.gateway.stats.StatsSampler;
import dev.switchyard.upstream.UpstreamMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /admin/stats}: the admin page's numbers from this process's meters. The last ten minutes in
 * ten-second samples (requests, errors, latency and time-to-first-token quantiles, open streams: see
 * {@link #SERIES}), the circuit breaker of each deployment called from here, and the usage ledger's queues
 * and counts. Each process answers with its own meters: a gateway whose auth role runs elsewhere answers
 * itself ({@link GatewayAdmin}).
 */
final class StatsRoute {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    /** Ten minutes of samples: a few kilobytes. */
    static final int KEPT = 60;
    /** How often the timer asks the sampler whether a window has closed. */
    private static final long TICK_MS = 1000;

    /** The page's charts, one line each; a new meter worth charting is one more line. */
    static final List<Series<?>> SERIES = List.of(
            Series.increase("requests", REQUESTS),
            Series.increase("errors", REQUESTS, id -> statusClass(id) == 5),
            Series.increase("rejected", REQUESTS, id -> statusClass(id) == 4),
            Series.increase("stream_errors", STREAM_ERRORS),
            Series.quantile("latency_p50_ms", REQUEST_LATENCY, 0.50),
            Series.quantile("latency_p95_ms", REQUEST_LATENCY, 0.95),
            Series.quantile("latency_p99_ms", REQUEST_LATENCY, 0.99),
            Series.quantile("ttft_p50_ms", TIME_TO_FIRST_TOKEN, 0.50),
            Series.quantile("ttft_p95_ms", TIME_TO_FIRST_TOKEN, 0.95),
            Series.gauge("open_streams", IN_FLIGHT_STREAMS),
            Series.gauge("in_flight_requests", IN_FLIGHT_REQUESTS));

    private static final List<String> BREAKER_STATES = List.of("closed", "open", "half_open");

    private StatsRoute() {}

    /** The route of {@code /admin/stats} over a running sampler, and how to stop the sampler's timer. */
    record Sampling(AdminRoute route, Runnable stop) {}

    /** Serves {@code /admin/stats} and starts sampling; running what it returns stops the sampling timer. */
    static Runnable register(AdminApi admin, Vertx vertx, MeterRegistry registry, Clock clock) {
        Sampling sampling = start(vertx, registry, clock);
        admin.route("stats", sampling.route());
        return sampling.stop();
    }

    /** Starts sampling this process's meters (for a gateway that answers {@code /admin/stats} itself). */
    static Sampling start(Vertx vertx, MeterRegistry registry, Clock clock) {
        StatsSampler sampler = new StatsSampler(registry, clock, INTERVAL, KEPT, SERIES);
        long timer = vertx.setPeriodic(TICK_MS, id -> sampler.tick());
        return new Sampling((method, id, params, body) -> stats(sampler, registry, method, id),
                () -> vertx.cancelTimer(timer));
    }

    private static JsonNode stats(StatsSampler sampler, MeterRegistry registry, String method, String id) {
        if (!"GET".equals(method) || id != null) {
            throw ApiException.invalidRequest("method " + method + " is not allowed here: GET /admin/stats");
        }
        ObjectNode out = sampler.json();
        out.set("breakers", breakers(registry));
        out.set("ledger", ledger(registry));
        return out;
    }

    /** {@code [{"deployment", "state": closed|open|half_open|other, "in_flight"}]}, by deployment name. */
    private static ArrayNode breakers(MeterRegistry registry) {
        ArrayNode out = Json.mapper().createArrayNode();
        registry.find(UpstreamMetrics.BREAKER_STATE).gauges().stream()
                .sorted(Comparator.comparing(g -> String.valueOf(g.getId().getTag(UpstreamMetrics.TAG_DEPLOYMENT))))
                .forEach(g -> {
                    String deployment = g.getId().getTag(UpstreamMetrics.TAG_DEPLOYMENT);
                    int state = (int) g.value();
                    Gauge inFlight = registry.find(UpstreamMetrics.IN_FLIGHT)
                            .tag(UpstreamMetrics.TAG_DEPLOYMENT, deployment).gauge();
                    out.addObject().put("deployment", deployment)
                            .put("state", state >= 0 && state < BREAKER_STATES.size() ? BREAKER_STATES.get(state) : "other")
                            .put("in_flight", inFlight == null ? 0 : (long) inFlight.value());
                });
        return out;
    }

    /** The ledger's queues and counts since start; null where this process keeps no ledger. */
    private static ObjectNode ledger(MeterRegistry registry) {
        if (registry.find(LedgerMetrics.QUEUE_DEPTH).gauge() == null) {
            return null;
        }
        long spillQueue = (long) now(Series.gauge("", LedgerMetrics.SPILL_QUEUE_DEPTH), registry);
        long spilled = total(registry, LedgerMetrics.SPILLED);
        long replayed = total(registry, LedgerMetrics.REPLAYED);
        return Json.mapper().createObjectNode()
                .put("state", spillQueue > 0 || spilled > replayed ? "spilling" : "writing")
                .put("queue_depth", (long) now(Series.gauge("", LedgerMetrics.QUEUE_DEPTH), registry))
                .put("spill_queue_depth", spillQueue)
                .put("written", total(registry, LedgerMetrics.WRITTEN))
                .put("spilled", spilled)
                .put("replayed", replayed)
                .put("duplicates", total(registry, LedgerMetrics.DUPLICATES))
                .put("write_failures", total(registry, LedgerMetrics.WRITE_FAILURES))
                .put("dropped", total(registry, LedgerMetrics.DROPPED));
    }

    private static long total(MeterRegistry registry, String counter) {
        return (long) now(Series.increase("", counter), registry);
    }

    private static double now(Series<Double> series, MeterRegistry registry) {
        return series.reader().apply(registry);
    }

    private static int statusClass(Meter.Id id) {
        String status = id.getTag(TAG_STATUS);
        return status == null || status.isEmpty() ? 0 : status.charAt(0) - '0';
    }
}
