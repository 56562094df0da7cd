package dev.switchyard.gateway;

import static dev.switchyard.gateway.GatewayMetrics.*;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
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

    /** Input and output token counters by model label (as few as the configuration's models). */
    private final ConcurrentHashMap<String, Counter[]> tokens = new ConcurrentHashMap<>();
    /** Tokens in, tokens out and cost by tenant label: at most MAX_TENANT_LABELS + 1 entries. */
    private final ConcurrentHashMap<String, Counter[]> tenants = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<StreamTags, DistributionSummary> speeds = new ConcurrentHashMap<>();

    /** Open streams by model label and deployment: one gauge per pair, made at the pair's first stream. */
    private final ConcurrentHashMap<StreamTags, AtomicInteger> openStreams = new ConcurrentHashMap<>();

    private record RequestTags(String route, String model, String deployment, int status) {}
    private record StreamTags(String model, String deployment) {}

    /** A stream counted as open: {@link #streamEnded} closes it once. */
    static final class OpenStream {
        private final StreamTags tags;
        private final AtomicInteger open;
        private final long startNanos;

        private OpenStream(StreamTags tags, AtomicInteger open, long startNanos) {
            this.tags = tags;
            this.open = open;
            this.startNanos = startNanos;
        }
    }

    final AtomicInteger inFlightRequests = new AtomicInteger();

    private final UnaryOperator<String> modelLabel;

    GatewayMeters(MeterRegistry registry, UnaryOperator<String> modelLabel) {
        this.registry = registry;
        this.modelLabel = modelLabel;
        registry.gauge(IN_FLIGHT_REQUESTS, inFlightRequests);
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

    /** Counts a stream as open from now; null if the meters failed (then {@link #streamEnded} ignores it). */
    OpenStream streamStarted(String model, String deployment, long nowNanos) {
        try {
            StreamTags tags = new StreamTags(label(model), deployment);
            AtomicInteger open = openStreams.computeIfAbsent(tags, t -> registry.gauge(IN_FLIGHT_STREAMS,
                    Tags.of(TAG_MODEL, t.model(), TAG_DEPLOYMENT, t.deployment()), new AtomicInteger()));
            open.incrementAndGet();
            return new OpenStream(tags, open, nowNanos);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
            return null;
        }
    }

    void streamEnded(OpenStream stream, long nowNanos) {
        if (stream == null) {
            return;
        }
        try {
            stream.open.decrementAndGet();
            timer(STREAM_DURATION, TAG_MODEL, stream.tags.model(), TAG_DEPLOYMENT, stream.tags.deployment())
                    .record(nowNanos - stream.startNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    /** One stream's output speed: its output tokens over the time from its first content to its end. */
    void streamSpeed(String model, String deployment, long outputTokens, long contentNanos) {
        if (outputTokens <= 0 || contentNanos <= 0) {
            return;
        }
        try {
            speeds.computeIfAbsent(new StreamTags(label(model), deployment), t -> DistributionSummary
                            .builder(STREAM_TOKENS_PER_SECOND).tags(TAG_MODEL, t.model(), TAG_DEPLOYMENT, t.deployment())
                            .publishPercentileHistogram().minimumExpectedValue(1d).maximumExpectedValue(100_000d)
                            .register(registry))
                    .record(outputTokens * 1e9 / contentNanos);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    /** A request's tokens and cost on its tenant's meters (see {@link GatewayMetrics#TENANT_TOKENS}). */
    void tenantUsage(String tenantId, long input, long output, long costMicros) {
        try {
            String tenant = tenantId == null || tenantId.isEmpty() ? NO_TENANT : tenantId;
            Counter[] meters = tenants.get(tenant);
            if (meters == null) {
                meters = tenants.size() < MAX_TENANT_LABELS ? tenants.computeIfAbsent(tenant, this::tenantMeters)
                        : tenants.computeIfAbsent(OTHER_TENANT, this::tenantMeters);
            }
            if (input > 0) {
                meters[0].increment(input);
            }
            if (output > 0) {
                meters[1].increment(output);
            }
            if (costMicros > 0) {
                meters[2].increment(costMicros / 1e6);
            }
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    private Counter[] tenantMeters(String tenant) {
        return new Counter[] {counter(TENANT_TOKENS, TAG_TENANT, tenant, TAG_DIRECTION, "input"),
                counter(TENANT_TOKENS, TAG_TENANT, tenant, TAG_DIRECTION, "output"),
                counter(TENANT_COST, TAG_TENANT, tenant)};
    }

    void cost(String model, long micros) {
        if (micros <= 0) {
            return;
        }
        try {
            counter(COST, TAG_MODEL, label(model)).increment(micros / 1e6);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    void timeToFirstToken(String model, String deployment, long nanos) {
        try {
            timer(TIME_TO_FIRST_TOKEN, TAG_MODEL, label(model), TAG_DEPLOYMENT, deployment)
                    .record(nanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.debug("metrics failed", e);
        }
    }

    void tokens(String model, long input, long output) {
        try {
            Counter[] pair = tokens.computeIfAbsent(label(model), label -> new Counter[] {
                    counter(TOKENS, TAG_MODEL, label, TAG_DIRECTION, "input"),
                    counter(TOKENS, TAG_MODEL, label, TAG_DIRECTION, "output")});
            if (input > 0) {
                pair[0].increment(input);
            }
            if (output > 0) {
                pair[1].increment(output);
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

    /** Labels are the policy's configured name, its categories and one of allow/redact/block: never client text. */
    void filterAction(String policy, String category, String action, String direction) {
        try {
            counter(FILTER_ACTIONS, TAG_POLICY, policy, TAG_CATEGORY, category, TAG_ACTION, action, TAG_DIRECTION,
                    direction).increment();
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
