package dev.switchyard.upstream.impl;

import static dev.switchyard.upstream.UpstreamMetrics.TAG_DEPLOYMENT;
import static dev.switchyard.upstream.UpstreamMetrics.TAG_OUTCOME;
import static dev.switchyard.upstream.UpstreamMetrics.UPSTREAM_LATENCY;
import static dev.switchyard.upstream.UpstreamMetrics.UPSTREAM_REQUESTS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.DeploymentConfig;
import dev.switchyard.core.config.ServedModel;
import dev.switchyard.core.config.Timeouts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class UpstreamMetersTest {
    private static final long MS = 1_000_000;
    /** Only for building deployments: the meters never send anything. */
    @AutoClose
    private static final Vertx VERTX = Vertx.vertx();

    private static Deployment deployment(String name) {
        return new Deployment(VERTX, new DeploymentConfig(name, "anthropic", "http://127.0.0.1:9", "sk-test",
                List.of(ServedModel.of("claude-sonnet-4-6")), 1, 100, Timeouts.defaults(), false),
                BreakerConfig.defaults(), Clock.systemUTC());
    }

    private static double requests(SimpleMeterRegistry registry, String deployment, String outcome) {
        var counter = registry.find(UPSTREAM_REQUESTS).tags(TAG_DEPLOYMENT, deployment, TAG_OUTCOME, outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void upstreamResponse_statusesAndFailures_countEachOutcomeOfEachDeploymentApart() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UpstreamMeters meters = new UpstreamMeters(registry);
        Deployment a = deployment("a");
        Deployment b = deployment("b");

        meters.upstreamResponse(a, 200, 5 * MS);
        meters.upstreamResponse(a, 200, 7 * MS);
        meters.upstreamResponse(a, 529, 1 * MS);
        meters.upstreamResponse(b, 200, 3 * MS);
        meters.upstreamResponse(a, "timeout", 9 * MS);

        assertThat(requests(registry, "a", "200")).isEqualTo(2);
        assertThat(requests(registry, "a", "529")).isEqualTo(1);
        assertThat(requests(registry, "a", "timeout")).isEqualTo(1);
        assertThat(requests(registry, "b", "200")).isEqualTo(1);
        assertThat(registry.get(UPSTREAM_LATENCY).tag(TAG_DEPLOYMENT, "a").timer().count()).isEqualTo(4);
        assertThat(registry.get(UPSTREAM_LATENCY).tag(TAG_DEPLOYMENT, "b").timer().count()).isEqualTo(1);
    }

    @Test
    void upstreamResponse_statusOutsideHttpRange_isStillCountedUnderItsNumber() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UpstreamMeters meters = new UpstreamMeters(registry);
        Deployment a = deployment("a");

        meters.upstreamResponse(a, 999, MS);
        meters.upstreamResponse(a, 999, MS);
        meters.upstreamResponse(a, 99, MS);

        assertThat(requests(registry, "a", "999")).isEqualTo(2);
        assertThat(requests(registry, "a", "99")).isEqualTo(1);
    }
}
