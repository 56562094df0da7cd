package dev.switchyard.gateway;

import static dev.switchyard.gateway.GatewayMetrics.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's meters, cached per tag set. Observers never fail a request: errors are swallowed. */
final class GatewayMeters {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMeters.class);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    final AtomicInteger inFlightRequests = new AtomicInteger();
    final AtomicInteger inFlightStreams = new AtomicInteger();

    GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge(IN_FLIGHT_REQUESTS, inFlightRequests);
        registry.gauge(IN_FLIGHT_STREAMS, inFlightStreams);
    }

    void request(String route, String model, String deployment, int status, long nanos) {
        try {
            String st = Integer.toString(status);
            counter(REQUESTS, TAG_ROUTE, route, TAG_MODEL, model, TAG_DEPLOYMENT, deployment, TAG_STATUS, st)
                    .increment();
            timer(REQUEST_LATENCY, TAG_ROUTE, route).record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    void timeToFirstToken(String model, long nanos) {
        try {
            timer(TIME_TO_FIRST_TOKEN, TAG_MODEL, model).record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    void tokens(String model, long input, long output) {
        try {
            if (input > 0) {
                counter(TOKENS, TAG_MODEL, model, TAG_DIRECTION, "input").increment(input);
            }
            if (output > 0) {
                counter(TOKENS, TAG_MODEL, model, TAG_DIRECTION, "output").increment(output);
            }
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    void streamError(String reason) {
        try {
            counter(STREAM_ERRORS, TAG_REASON, reason).increment();
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    private Counter counter(String name, String... tags) {
        return counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).tags(tags).register(registry));
    }

    private Timer timer(String name, String... tags) {
        return timers.computeIfAbsent(name + String.join("|", tags), k -> Timer.builder(name)
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
    }
}
