package dev.switchyard.cache.tiered;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchyard.cache.CacheKind;
import java.time.Duration;

/**
 * The in-process tier: Caffeine bounded by total weight in bytes, each entry with its own time to live
 * (the kind's, or what is left of it for an entry copied up from L2).
 */
final class L1 {
    /** Per-entry overhead beyond the value and key strings: entry, record and array headers, roughly. */
    static final int ENTRY_OVERHEAD = 96;

    record Key(CacheKind kind, String tenant, String key) {}

    private record Entry(byte[] value, long ttlNanos) {}

    private final Cache<Key, Entry> cache;

    L1(long maxBytes, Ticker ticker, Meters meters) {
        this.cache = Caffeine.newBuilder()
                .maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, Entry e) -> weight(k, e.value))
                .expireAfter(new PerEntryTtl())
                .ticker(ticker)
                // Maintenance (eviction) runs on the caller: it is short, and keeps the size bound exact in tests.
                .executor(Runnable::run)
                .removalListener((Key k, Entry e, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        meters.evicted();
                    }
                })
                .build();
    }

    static int weight(Key k, byte[] value) {
        long w = (long) value.length + 2L * (k.tenant().length() + k.key().length()) + ENTRY_OVERHEAD;
        return (int) Math.min(Integer.MAX_VALUE, w);
    }

    byte[] get(Key key) {
        Entry e = cache.getIfPresent(key);
        return e == null ? null : e.value;
    }

    void put(Key key, byte[] value, Duration ttl) {
        if (ttl.isPositive()) {
            cache.put(key, new Entry(value, ttl.toNanos()));
        } else {
            cache.invalidate(key);
        }
    }

    void invalidate(Key key) {
        cache.invalidate(key);
    }

    /** Removes the tenant's entries; a scan of L1, which is bounded by bytes and rarely purged. */
    long purge(String tenant) {
        long removed = 0;
        for (Key k : cache.asMap().keySet()) {
            if (k.tenant().equals(tenant) && cache.asMap().remove(k) != null) {
                removed++;
            }
        }
        return removed;
    }

    long weightedSize() {
        return cache.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    long entries() {
        return cache.estimatedSize();
    }

    void cleanUp() {
        cache.cleanUp();
    }

    void clear() {
        cache.invalidateAll();
    }

    private static final class PerEntryTtl implements Expiry<Key, Entry> {
        @Override
        public long expireAfterCreate(Key key, Entry value, long currentTime) {
            return value.ttlNanos;
        }

        @Override
        public long expireAfterUpdate(Key key, Entry value, long currentTime, long currentDuration) {
            return value.ttlNanos;
        }

        @Override
        public long expireAfterRead(Key key, Entry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
