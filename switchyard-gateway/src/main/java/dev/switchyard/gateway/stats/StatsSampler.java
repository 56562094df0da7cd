package dev.switchyard.gateway.stats;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchyard.core.json.Json;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last minutes of the gateway's meters as a time series, for the admin page: every {@code interval} (on
 * the clock's boundaries) one sample with each {@link Series}'s value for that window, the newest
 * {@code capacity} kept in memory. It does not schedule itself: whoever owns it calls {@link #tick()} more
 * often than the interval (a timer; a test after moving its clock), so the clock alone decides when a window
 * closes.
 */
public final class StatsSampler {
    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration interval;
    private final int capacity;
    private final List<Series<?>> series;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Map<String, Object> baseline;
    private Instant baselineAt;
    private Instant nextAt;

    /** One closed window: its end and each series' value (null: nothing to say, no request timed). */
    public record Sample(Instant at, double seconds, Map<String, Double> values) {}

    public StatsSampler(MeterRegistry registry, Clock clock, Duration interval, int capacity, List<Series<?>> series) {
        if (interval.isNegative() || interval.isZero() || capacity < 1) {
            throw new IllegalArgumentException("a positive interval and capacity are needed");
        }
        this.registry = registry;
        this.clock = clock;
        this.interval = interval;
        this.capacity = capacity;
        this.series = List.copyOf(series);
        this.baseline = read();
        this.baselineAt = clock.instant();
        this.nextAt = boundaryAfter(baselineAt);
    }

    /** Closes the window when the clock has passed its end; a clock that jumped several windows closes one. */
    public synchronized void tick() {
        Instant now = clock.instant();
        if (now.isBefore(nextAt)) {
            return;
        }
        Map<String, Object> reading = read();
        samples.addLast(new Sample(now, seconds(baselineAt, now), values(baseline, reading)));
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
        baseline = reading;
        baselineAt = now;
        nextAt = boundaryAfter(now);
    }

    /** The kept samples, oldest first. */
    public synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The window still open, from the last sample to now: not kept, so a page sees traffic before it closes. */
    public synchronized Sample current() {
        Instant now = clock.instant();
        return new Sample(now, seconds(baselineAt, now), values(baseline, read()));
    }

    /**
     * {@code {"interval_seconds", "series": [names], "samples": [{"at", "seconds", <name>: value|null...}],
     * "current": {...same shape}}}.
     */
    public ObjectNode json() {
        ObjectNode out = Json.mapper().createObjectNode().put("interval_seconds", interval.toMillis() / 1000.0);
        ArrayNode names = out.putArray("series");
        series.forEach(s -> names.add(s.name()));
        ArrayNode kept = out.putArray("samples");
        samples().forEach(s -> kept.add(json(s)));
        out.set("current", json(current()));
        return out;
    }

    private static ObjectNode json(Sample s) {
        ObjectNode n = Json.mapper().createObjectNode().put("at", s.at().toString()).put("seconds", s.seconds());
        s.values().forEach((name, v) -> {
            if (v == null || !Double.isFinite(v)) {
                n.putNull(name);
            } else {
                n.put(name, v);
            }
        });
        return n;
    }

    private Map<String, Object> read() {
        Map<String, Object> reading = new HashMap<>();
        for (Series<?> s : series) {
            reading.put(s.name(), s.read(registry));
        }
        return reading;
    }

    private Map<String, Double> values(Map<String, Object> before, Map<String, Object> now) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Series<?> s : series) {
            values.put(s.name(), s.value(before.get(s.name()), now.get(s.name())));
        }
        return values;
    }

    private Instant boundaryAfter(Instant t) {
        long step = interval.toMillis();
        return Instant.ofEpochMilli((t.toEpochMilli() / step + 1) * step);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
