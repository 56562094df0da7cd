package dev.switchyard.cache.tiered;

import dev.switchyard.testkit.MutableClock;
import static dev.switchyard.cache.tiered.CacheTestSupport.await;
import static dev.switchyard.cache.tiered.CacheTestSupport.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.config.CacheConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class L1OnlyTest {
    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private TieredCache cache(long maxBytes, Map<CacheKind, Duration> ttls) {
        return TieredCache.start(vertx, CacheTestSupport.l1Only(maxBytes, ttls), clock, registry);
    }

    @Test
    void get_afterPut_returnsValueAndCountsL1Hit() throws Exception {
        TieredCache cache = cache(1 << 20, Map.of());
        await(cache.put(CacheKind.API_RESPONSE, "t1", "k", new byte[] {1, 2}));
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "k"))).containsExactly(1, 2);
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "other"))).isNull();
        assertThat(count(registry, CacheMetrics.HITS, "tier", "l1", "kind", "api_response")).isEqualTo(1);
        assertThat(count(registry, CacheMetrics.MISSES, "tier", "l1", "kind", "api_response")).isEqualTo(1);
    }

    @Test
    void get_callerMutatesArrays_cachedValueUnchanged() throws Exception {
        TieredCache cache = cache(1 << 20, Map.of());
        byte[] value = {1, 2};
        await(cache.put(CacheKind.API_RESPONSE, "t1", "k", value));
        value[0] = 9;
        await(cache.get(CacheKind.API_RESPONSE, "t1", "k"))[1] = 9;
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "k"))).containsExactly(1, 2);
    }

    @Test
    void get_afterKindTtl_missesWhileLongerKindStillHits() throws Exception {
        TieredCache cache = cache(1 << 20, Map.of(CacheKind.API_RESPONSE, Duration.ofSeconds(10)));
        await(cache.put(CacheKind.API_RESPONSE, "t1", "k", new byte[] {1}));
        await(cache.put(CacheKind.TRANSLATION, "t1", "k", new byte[] {2}));
        clock.advance(Duration.ofSeconds(9));
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "k"))).containsExactly(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(await(cache.get(CacheKind.API_RESPONSE, "t1", "k"))).isNull();
        assertThat(await(cache.get(CacheKind.TRANSLATION, "t1", "k"))).containsExactly(2);
    }

    @Test
    void put_moreThanMaxBytes_evictsAndStaysWithinBound() throws Exception {
        long max = 100_000;
        TieredCache cache = cache(max, Map.of());
        for (int i = 0; i < 50; i++) {
            await(cache.put(CacheKind.API_RESPONSE, "t1", "k" + i, new byte[10_000]));
        }
        cache.l1().cleanUp();
        assertThat(cache.l1().weightedSize()).isLessThanOrEqualTo(max);
        assertThat(cache.l1().entries()).isBetween(1L, 10L);
        assertThat(count(registry, CacheMetrics.L1_EVICTIONS)).isGreaterThanOrEqualTo(40);
        assertThat(registry.get(CacheMetrics.L1_BYTES).gauge().value()).isLessThanOrEqualTo(max);
    }

    @Test
    void purgeTenant_l1Only_removesOnlyThatTenant() throws Exception {
        TieredCache cache = cache(1 << 20, Map.of());
        for (CacheKind kind : CacheKind.values()) {
            await(cache.put(kind, "t1", "k", new byte[] {1}));
            await(cache.put(kind, "t2", "k", new byte[] {2}));
        }
        assertThat(await(cache.purgeTenant("t1"))).isEqualTo(CacheKind.values().length);
        for (CacheKind kind : CacheKind.values()) {
            assertThat(await(cache.get(kind, "t1", "k"))).isNull();
            assertThat(await(cache.get(kind, "t2", "k"))).containsExactly(2);
        }
    }

    @Test
    void delete_removesEntry() throws Exception {
        TieredCache cache = cache(1 << 20, Map.of());
        await(cache.put(CacheKind.USER_PROFILE, "t1", "k", new byte[] {1}));
        await(cache.delete(CacheKind.USER_PROFILE, "t1", "k"));
        assertThat(await(cache.get(CacheKind.USER_PROFILE, "t1", "k"))).isNull();
    }

    @Test
    void of_disabledConfig_isNone() {
        assertThat(TieredCache.of(vertx, CacheConfig.disabled(), clock, registry)).isSameAs(CacheService.NONE);
    }
}
