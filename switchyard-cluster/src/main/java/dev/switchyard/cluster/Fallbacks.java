package dev.switchyard.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts, per method of one role, the calls answered by the interface's fallback ({@link ClusterMetrics#FALLBACKS}). */
public final class Fallbacks {
    private final MeterRegistry meters;
    private final String role;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public Fallbacks(MeterRegistry meters, String role) {
        this.meters = meters;
        this.role = role;
    }

    public void count(String method) {
        counters.computeIfAbsent(method, m -> Counter.builder(ClusterMetrics.FALLBACKS)
                .description("calls to another role answered by the interface's fallback")
                .tag(ClusterMetrics.TAG_ROLE, role).tag(ClusterMetrics.TAG_METHOD, m).register(meters)).increment();
    }

    /** How many calls of {@code method} fell back so far. */
    public double counted(String method) {
        Counter c = counters.get(method);
        return c == null ? 0 : c.count();
    }
}
