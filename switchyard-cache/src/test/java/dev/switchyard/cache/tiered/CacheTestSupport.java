package dev.switchyard.cache.tiered;

import dev.switchyard.cache.CacheKind;
import dev.switchyard.core.config.BreakerConfig;
import dev.switchyard.core.config.CacheConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

final class CacheTestSupport {
    private CacheTestSupport() {}

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static String uniquePrefix() {
        return "sy-cache-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    static CacheConfig nodes(List<String> urls, String prefix, Map<CacheKind, Duration> ttls, Duration timeout,
            BreakerConfig breaker) {
        return new CacheConfig(true, 16L << 20, ttls, urls, List.of(), 100, timeout, prefix, breaker, 10 * 1024);
    }

    static CacheConfig cluster(List<String> seeds, String prefix) {
        return new CacheConfig(true, 16L << 20, Map.of(), List.of(), seeds, 100, Duration.ofSeconds(1), prefix,
                new BreakerConfig(5, Duration.ofSeconds(5), 1), 10 * 1024);
    }

    static CacheConfig l1Only(long maxBytes, Map<CacheKind, Duration> ttls) {
        return new CacheConfig(true, maxBytes, ttls, List.of(), List.of(), 100, Duration.ofMillis(200), "l1:",
                new BreakerConfig(5, Duration.ofSeconds(5), 1), 10 * 1024);
    }

    static double count(MeterRegistry registry, String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

}
