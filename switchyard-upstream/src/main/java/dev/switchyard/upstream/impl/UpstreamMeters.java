package dev.switchyard.upstream.impl;

import static dev.switchyard.upstream.UpstreamMetrics.*;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upstream caller's meters. Meters are looked up once per distinct tag set and cached: an answer
 * costs the request path a map lookup by deployment and an array read by status, a rarer event a map
 * lookup by its joined tags. An observer never fails a request: errors here are logged once.
 */
final class UpstreamMeters {
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamMeters.class);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, DeploymentMeters> byDeployment = new ConcurrentHashMap<>();

    UpstreamMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void register(Deployment d) {
        Gauge.builder(IN_FLIGHT, d, Deployment::inFlight).tag(TAG_DEPLOYMENT, d.name()).register(registry);
        Gauge.builder(BREAKER_STATE, d, x -> stateValue(x.breaker().getState()))
                .description("0 closed, 1 open, 2 half-open, 3 other")
                .tag(TAG_DEPLOYMENT, d.name())
                .register(registry);
        d.breaker().getEventPublisher().onStateTransition(e -> {
            String from = e.getStateTransition().getFromState().name().toLowerCase();
            String to = e.getStateTransition().getToState().name().toLowerCase();
            // an operator's first question when a deployment stops being called: why
            LOG.warn("circuit breaker of deployment {} went from {} to {}{}", d.name(), from, to,
                    "open".equals(to) ? "; last error: " + d.lane(false).lastError() : "");
            count(BREAKER_TRANSITIONS, TAG_DEPLOYMENT, d.name(), TAG_FROM, from, TAG_TO, to);
        });
    }

    /** An answer with an HTTP status: the counter and timer come from the deployment's cache, no key built. */
    void upstreamResponse(Deployment d, int status, long nanos) {
        try {
            DeploymentMeters m = deploymentMeters(d);
            m.answered(status).increment();
            m.latency.record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    /** A failure without an answer ("timeout", "connect", "local"...): rarer, so looked up by name. */
    void upstreamResponse(Deployment d, String outcome, long nanos) {
        count(UPSTREAM_REQUESTS, TAG_DEPLOYMENT, d.name(), TAG_OUTCOME, outcome);
        try {
            deploymentMeters(d).latency.record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    private DeploymentMeters deploymentMeters(Deployment d) {
        return byDeployment.computeIfAbsent(d.name(), this::newDeploymentMeters);
    }

    private DeploymentMeters newDeploymentMeters(String deployment) {
        Timer latency = Timer.builder(UPSTREAM_LATENCY)
                .tag(TAG_DEPLOYMENT, deployment)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry);
        return new DeploymentMeters(deployment, latency);
    }

    /**
     * One deployment's meters. The counter per status is filled on first use: two threads racing on a slot
     * both get the registry's one counter for those tags, so a lost write costs a lookup, not a count.
     */
    private final class DeploymentMeters {
        private static final int FIRST_STATUS = 100;
        private static final int LAST_STATUS = 599;

        private final String deployment;
        private final Timer latency;
        private final AtomicReferenceArray<Counter> byStatus =
                new AtomicReferenceArray<>(LAST_STATUS - FIRST_STATUS + 1);

        DeploymentMeters(String deployment, Timer latency) {
            this.deployment = deployment;
            this.latency = latency;
        }

        Counter answered(int status) {
            if (status < FIRST_STATUS || status > LAST_STATUS) {
                return counter(status);
            }
            Counter c = byStatus.get(status - FIRST_STATUS);
            if (c == null) {
                c = counter(status);
                byStatus.set(status - FIRST_STATUS, c);
            }
            return c;
        }

        private Counter counter(int status) {
            return Counter.builder(UPSTREAM_REQUESTS)
                    .tags(TAG_DEPLOYMENT, deployment, TAG_OUTCOME, Integer.toString(status))
                    .register(registry);
        }
    }

    void retry(String model, String reason) {
        count(RETRIES, TAG_MODEL, model, TAG_REASON, reason);
    }

    void fallback(String from, String to) {
        count(FALLBACKS, TAG_FROM, from, TAG_TO, to);
    }

    private void count(String name, String... tags) {
        try {
            String key = name + String.join("|", tags);
            counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry)).increment();
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    private static int stateValue(CircuitBreaker.State s) {
        return switch (s) {
            case CLOSED -> 0;
            case OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        };
    }
}
