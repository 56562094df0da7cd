package dev.switchyard.gateway;

import static dev.switchyard.gateway.GatewayMetrics.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's meters, cached per tag set. Observers never fail a request: errors are swallowed. A model
 * label is what {@code modelLabel} makes of the id (the configured id, or one fixed value for any other),
 * never the client's string as sent, so the tag sets stay as few as the configuration's models.
 */
final class GatewayMeters {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayMeters.class);

    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    /** Every request counts here: keyed by a record (no joined string built per request). */
    private final ConcurrentHashMap<RequestTags, Counter> requests = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latencies = new ConcurrentHashMap<>();

    private record RequestTags(String route, String model, String deployment, int status) {}
    final AtomicInteger inFlightRequests = new AtomicInteger();
    final AtomicInteger inFlightStreams = new AtomicInteger();

    private final UnaryOperator<String> modelLabel;

    GatewayMeters(MeterRegistry registry, UnaryOperator<String> modelLabel) {
        this.registry = registry;
        this.modelLabel = modelLabel;
        registry.gauge(IN_FLIGHT_REQUESTS, inFlightRequests);
        registry.gauge(IN_FLIGHT_STREAMS, inFlightStreams);
    }

    void request(String route, String model, String deployment, int status, long nanos) {
        try {
            String label = label(model);
            requests.computeIfAbsent(new RequestTags(route, label, deployment, status), t -> counter(REQUESTS,
                    TAG_ROUTE, t.route(), TAG_MODEL, t.model(), TAG_DEPLOYMENT, t.deployment(), TAG_STATUS,
                    Integer.toString(t.status()))).increment();
            Timer latency = latencies.get(route);
            if (latency == null) {
                latency = latencies.computeIfAbsent(route, r -> timer(REQUEST_LATENCY, TAG_ROUTE, r));
            }
            latency.record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    void timeToFirstToken(String model, long nanos) {
        try {
            timer(TIME_TO_FIRST_TOKEN, TAG_MODEL, label(model)).record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    void tokens(String model, long input, long output) {
        try {
            String label = label(model);
            if (input > 0) {
                counter(TOKENS, TAG_MODEL, label, TAG_DIRECTION, "input").increment(input);
            }
            if (output > 0) {
                counter(TOKENS, TAG_MODEL, label, TAG_DIRECTION, "output").increment(output);
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

    /** "-" (no model known yet) stays as it is; every other id goes through the configuration's labels. */
    private String label(String model) {
        return model == null || NO_MODEL.equals(model) ? NO_MODEL : modelLabel.apply(model);
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
