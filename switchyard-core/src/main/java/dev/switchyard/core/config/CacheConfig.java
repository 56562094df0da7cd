package dev.switchyard.core.config;

import dev.switchyard.cache.CacheKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The two-tier cache: an in-process L1 bounded by {@code l1MaxBytes}, in front of an optional Redis L2,
 * either independent nodes ({@code redisNodes}, client-side consistent hashing with
 * {@code virtualNodes} points each) or one Redis Cluster ({@code redisCluster}). No L2 at all when
 * both are empty (the embedded default). Values over {@code compressAboveBytes} are compressed.
 * {@code deterministic}: the gateway also caches requests with temperature 0 that did not ask for it.
 * Node URLs may hold passwords: {@link #toString()} hides them.
 */
public record CacheConfig(
        boolean enabled,
        long l1MaxBytes,
        Map<CacheKind, Duration> ttls,
        List<String> redisNodes,
        List<String> redisCluster,
        int virtualNodes,
        Duration timeout,
        String keyPrefix,
        BreakerConfig breaker,
        int compressAboveBytes,
        boolean deterministic) {

    /** Caching only what asks for it. */
    public CacheConfig(boolean enabled, long l1MaxBytes, Map<CacheKind, Duration> ttls, List<String> redisNodes,
            List<String> redisCluster, int virtualNodes, Duration timeout, String keyPrefix, BreakerConfig breaker,
            int compressAboveBytes) {
        this(enabled, l1MaxBytes, ttls, redisNodes, redisCluster, virtualNodes, timeout, keyPrefix, breaker,
                compressAboveBytes, false);
    }

    public CacheConfig {
        Map<CacheKind, Duration> all = new EnumMap<>(CacheKind.class);
        for (CacheKind k : CacheKind.values()) {
            all.put(k, ttls != null && ttls.containsKey(k) ? ttls.get(k) : k.defaultTtl());
        }
        ttls = Map.copyOf(all);
        redisNodes = redisNodes == null ? List.of() : List.copyOf(redisNodes);
        redisCluster = redisCluster == null ? List.of() : List.copyOf(redisCluster);
    }

    /** L1 only, 64 MB. */
    public static CacheConfig l1Only() {
        return new CacheConfig(true, 64L << 20, Map.of(), List.of(), List.of(), 100, Duration.ofMillis(50),
                "switchyard:cache:", new BreakerConfig(5, Duration.ofSeconds(5), 1), 10 * 1024);
    }

    public static CacheConfig disabled() {
        CacheConfig d = l1Only();
        return new CacheConfig(false, d.l1MaxBytes, d.ttls, d.redisNodes, d.redisCluster, d.virtualNodes, d.timeout,
                d.keyPrefix, d.breaker, d.compressAboveBytes);
    }

    public Duration ttl(CacheKind kind) {
        return ttls.get(kind);
    }

    @Override
    public String toString() {
        return "CacheConfig[enabled=" + enabled + ", l1MaxBytes=" + l1MaxBytes + ", ttls=" + ttls + ", redisNodes="
                + hide(redisNodes) + ", redisCluster=" + hide(redisCluster) + ", virtualNodes=" + virtualNodes
                + ", timeout=" + timeout + ", keyPrefix=" + keyPrefix + ", compressAboveBytes=" + compressAboveBytes
                + ", deterministic=" + deterministic + "]";
    }

    private static List<String> hide(List<String> urls) {
        return urls.stream().map(u -> u.replaceAll("//[^@/]*@", "//<redacted>@")).toList();
    }
}
