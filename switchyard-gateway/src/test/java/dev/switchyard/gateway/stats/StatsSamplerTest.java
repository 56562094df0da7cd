package dev.switchyard.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchyard.testkit.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StatsSamplerTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter ok = Counter.builder("requests").tag("status", "200").register(registry);
    private final Counter failed = Counter.builder("requests").tag("status", "502").register(registry);
    private final AtomicInteger streams = registry.gauge("streams", new AtomicInteger());
    private final Timer latency = Timer.builder("latency").publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10)).register(registry);

    private StatsSampler sampler(int capacity) {
        return new StatsSampler(registry, clock, TEN_SECONDS, capacity, List.of(
                Series.increase("requests", "requests"),
                Series.increase("errors", "requests", id -> id.getTag("status").startsWith("5")),
                Series.gauge("open_streams", "streams"),
                Series.quantile("latency_p50_ms", "latency", 0.5)));
    }

    @Test
    void tick_beforeTheWindowEnds_keepsNoSample() {
        StatsSampler sampler = sampler(6);
        ok.increment();

        clock.advance(Duration.ofSeconds(9));
        sampler.tick();

        assertThat(sampler.samples()).isEmpty();
        assertThat(sampler.current().values()).containsEntry("requests", 1.0);
    }

    @Test
    void tick_afterTheWindow_countsOnlyWhatHappenedInIt() {
        StatsSampler sampler = sampler(6);
        ok.increment(3);
        clock.advance(TEN_SECONDS);
        sampler.tick();
        ok.increment(2);
        failed.increment();
        streams.set(4);

        clock.advance(TEN_SECONDS);
        sampler.tick();

        assertThat(sampler.samples()).hasSize(2);
        assertThat(sampler.samples().get(0).values()).containsEntry("requests", 3.0).containsEntry("errors", 0.0);
        assertThat(sampler.samples().get(1).values()).containsEntry("requests", 3.0).containsEntry("errors", 1.0)
                .containsEntry("open_streams", 4.0);
        assertThat(sampler.current().values()).containsEntry("requests", 0.0);
    }

    @Test
    void quantile_ofTheWindowOnly_notOfEverythingBefore() {
        StatsSampler sampler = sampler(6);
        for (int i = 0; i < 100; i++) {
            latency.record(2, TimeUnit.SECONDS);
        }
        clock.advance(TEN_SECONDS);
        sampler.tick();
        for (int i = 0; i < 100; i++) {
            latency.record(20, TimeUnit.MILLISECONDS);
        }

        clock.advance(TEN_SECONDS);
        sampler.tick();

        assertThat(sampler.samples().get(0).values().get("latency_p50_ms")).isBetween(1500.0, 2500.0);
        assertThat(sampler.samples().get(1).values().get("latency_p50_ms")).isBetween(15.0, 25.0);
    }

    @Test
    void quantile_nothingRecorded_isNull() {
        StatsSampler sampler = sampler(6);

        clock.advance(TEN_SECONDS);
        sampler.tick();

        assertThat(sampler.samples().get(0).values()).containsEntry("latency_p50_ms", null);
    }

    @Test
    void samples_pastCapacity_dropTheOldest() {
        StatsSampler sampler = sampler(3);
        for (int i = 1; i <= 5; i++) {
            ok.increment(i);
            clock.advance(TEN_SECONDS);
            sampler.tick();
        }

        assertThat(sampler.samples()).extracting(s -> s.values().get("requests")).containsExactly(3.0, 4.0, 5.0);
    }

    @Test
    void json_namesEverySeries_andNullsWhatIsUnknown() {
        StatsSampler sampler = sampler(6);
        ok.increment();
        clock.advance(Duration.ofSeconds(12));
        sampler.tick();

        JsonNode json = sampler.json();

        assertThat(json.path("interval_seconds").asDouble()).isEqualTo(10.0);
        assertThat(json.path("series")).extracting(JsonNode::asText)
                .containsExactly("requests", "errors", "open_streams", "latency_p50_ms");
        JsonNode first = json.path("samples").get(0);
        assertThat(first.path("at").asText()).isEqualTo("2026-11-29T12:00:12Z");
        assertThat(first.path("seconds").asDouble()).isCloseTo(12.0, within(0.001));
        assertThat(first.path("requests").asDouble()).isEqualTo(1.0);
        assertThat(first.get("latency_p50_ms").isNull()).isTrue();
        assertThat(json.path("current").path("requests").asDouble()).isZero();
    }
}
