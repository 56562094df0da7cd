package dev.switchyard.cache.tiered;

import dev.switchyard.cache.CacheKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cache's counters, made once. A meter that throws is logged and ignored: observers never fail a lookup. */
final class Meters {
    private static final Logger log = LoggerFactory.getLogger(Meters.class);

    private final MeterRegistry registry;
    private final Map<CacheKind, Counter> l1Hits = new EnumMap<>(CacheKind.class);
    private final Map<CacheKind, Counter> l1Misses = new EnumMap<>(CacheKind.class);
    private final Map<CacheKind, Counter> l2Hits = new EnumMap<>(CacheKind.class);
    private final Map<CacheKind, Counter> l2Misses = new EnumMap<>(CacheKind.class);
    private final Counter corrupt;
    private final Counter evictions;

    Meters(MeterRegistry registry) {
        this.registry = registry;
        for (CacheKind k : CacheKind.values()) {
            l1Hits.put(k, counter(CacheMetrics.HITS, CacheMetrics.TIER_L1, k));
            l1Misses.put(k, counter(CacheMetrics.MISSES, CacheMetrics.TIER_L1, k));
            l2Hits.put(k, counter(CacheMetrics.HITS, CacheMetrics.TIER_L2, k));
            l2Misses.put(k, counter(CacheMetrics.MISSES, CacheMetrics.TIER_L2, k));
        }
        this.corrupt = registry.counter(CacheMetrics.L2_CORRUPT);
        this.evictions = registry.counter(CacheMetrics.L1_EVICTIONS);
    }

    MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String tier, CacheKind kind) {
        return registry.counter(name, CacheMetrics.TIER, tier, CacheMetrics.KIND, kind.configName());
    }

    void l1(CacheKind kind, boolean hit) {
        inc((hit ? l1Hits : l1Misses).get(kind));
    }

    void l2(CacheKind kind, boolean hit) {
        inc((hit ? l2Hits : l2Misses).get(kind));
    }

    void corrupt() {
        inc(corrupt);
    }

    void evicted() {
        inc(evictions);
    }

    void l2Error(int node) {
        inc(CacheMetrics.L2_ERRORS, CacheMetrics.NODE, Integer.toString(node));
    }

    void shortCircuited(int node) {
        inc(CacheMetrics.L2_SHORT_CIRCUITED, CacheMetrics.NODE, Integer.toString(node));
    }

    void dropped(String op, int node) {
        inc(CacheMetrics.L2_DROPPED, CacheMetrics.OP, op, CacheMetrics.NODE, Integer.toString(node));
    }

    private void inc(String name, String... tags) {
        try {
            registry.counter(name, tags).increment();
        } catch (RuntimeException e) {
            log.debug("cache meter {} failed: {}", name, e.toString());
        }
    }

    private static void inc(Counter c) {
        try {
            c.increment();
        } catch (RuntimeException e) {
            log.debug("cache meter failed: {}", e.toString());
        }
    }
}
