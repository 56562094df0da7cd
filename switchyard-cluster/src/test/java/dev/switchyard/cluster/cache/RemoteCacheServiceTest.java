package dev.switchyard.cluster.cache;

import static dev.switchyard.cluster.OneRoleLoopback.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.cluster.ClusterMetrics;
import dev.switchyard.cluster.OneRoleLoopback;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache role over a real hop, and its promise kept when the role is down or slow: a miss, never a failure. */
class RemoteCacheServiceTest {
    private final MapCache local = new MapCache();
    private OneRoleLoopback loopback;
    private RemoteCacheService remote;

    @BeforeEach
    void start() throws Exception {
        loopback = new OneRoleLoopback("cache", new CacheEndpoint(local).routes());
        remote = new RemoteCacheService(loopback.client(), Duration.ofSeconds(5), loopback.meters);
    }

    @AfterEach
    void stop() throws Exception {
        loopback.close();
    }

    @Test
    void putGetDelete_bytesOfEveryValue_roundTripExactly() throws Exception {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }

        await(remote.put(CacheKind.API_RESPONSE, "t1", "k1", value));
        await(remote.put(CacheKind.TRANSLATION, "t1", "empty", new byte[0]));

        assertThat(await(remote.get(CacheKind.API_RESPONSE, "t1", "k1"))).isEqualTo(value);
        assertThat(await(remote.get(CacheKind.TRANSLATION, "t1", "empty"))).isEmpty();
        assertThat(local.entries).containsKey("api_response/t1/k1");
        assertThat(await(remote.get(CacheKind.API_RESPONSE, "t2", "k1"))).isNull();
        await(remote.delete(CacheKind.API_RESPONSE, "t1", "k1"));
        assertThat(await(remote.get(CacheKind.API_RESPONSE, "t1", "k1"))).isNull();
        assertThat(fallbacks("get") + fallbacks("put") + fallbacks("delete")).isZero();
    }

    @Test
    void purgeTenant_removesOnlyThatTenant_andSaysHowMany() throws Exception {
        await(remote.put(CacheKind.API_RESPONSE, "t1", "a", new byte[] {1}));
        await(remote.put(CacheKind.USER_PROFILE, "t1", "b", new byte[] {2}));
        await(remote.put(CacheKind.API_RESPONSE, "t2", "a", new byte[] {3}));

        assertThat(await(remote.purgeTenant("t1"))).isEqualTo(2L);

        assertThat(local.entries).containsOnlyKeys("api_response/t2/a");
    }

    @Test
    void roleDown_everyCallSucceeds_getIsAMiss_andEachIsCounted() throws Exception {
        await(remote.put(CacheKind.API_RESPONSE, "t1", "k1", new byte[] {7}));
        loopback.stopServer();

        assertThat(await(remote.get(CacheKind.API_RESPONSE, "t1", "k1"))).isNull();
        assertThat(await(remote.put(CacheKind.API_RESPONSE, "t1", "k2", new byte[] {8}))).isNull();
        assertThat(await(remote.delete(CacheKind.API_RESPONSE, "t1", "k1"))).isNull();
        assertThat(await(remote.purgeTenant("t1"))).isZero();

        assertThat(fallbacks("get")).isEqualTo(1);
        assertThat(fallbacks("put")).isEqualTo(1);
        assertThat(fallbacks("delete")).isEqualTo(1);
        assertThat(fallbacks("purgeTenant")).isEqualTo(1);
        assertThat(local.entries).containsOnlyKeys("api_response/t1/k1");
    }

    @Test
    void roleTooSlow_getPastItsDeadline_isAMissNotAFailure() throws Exception {
        await(remote.put(CacheKind.API_RESPONSE, "t1", "k1", new byte[] {7}));
        assertThat(await(remote.get(CacheKind.API_RESPONSE, "t1", "k1"))).containsExactly(7);
        RemoteCacheService hasty = new RemoteCacheService(loopback.client(), Duration.ofMillis(200), loopback.meters);
        local.hang = true;

        assertThat(await(hasty.get(CacheKind.API_RESPONSE, "t1", "k1"))).isNull();
        assertThat(await(hasty.put(CacheKind.API_RESPONSE, "t1", "k2", new byte[] {1}))).isNull();

        assertThat(fallbacks("get")).isEqualTo(1);
        assertThat(fallbacks("put")).isEqualTo(1);
    }

    private double fallbacks(String method) {
        var counter = loopback.meters.find(ClusterMetrics.FALLBACKS).tag(ClusterMetrics.TAG_ROLE, "cache")
                .tag(ClusterMetrics.TAG_METHOD, method).counter();
        return counter == null ? 0 : counter.count();
    }

    /** An in-memory cache; {@code hang} makes every call wait forever (a sick role). */
    static final class MapCache implements CacheService {
        final Map<String, byte[]> entries = new ConcurrentHashMap<>();
        volatile boolean hang;

        @Override
        public Future<byte[]> get(CacheKind kind, String tenant, String key) {
            return hang ? Promise.<byte[]>promise().future() : Future.succeededFuture(entries.get(id(kind, tenant, key)));
        }

        @Override
        public Future<Void> put(CacheKind kind, String tenant, String key, byte[] value) {
            if (hang) {
                return Promise.<Void>promise().future();
            }
            entries.put(id(kind, tenant, key), value);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> delete(CacheKind kind, String tenant, String key) {
            entries.remove(id(kind, tenant, key));
            return Future.succeededFuture();
        }

        @Override
        public Future<Long> purgeTenant(String tenant) {
            long before = entries.size();
            entries.keySet().removeIf(k -> k.split("/")[1].equals(tenant));
            return Future.succeededFuture(before - entries.size());
        }

        private static String id(CacheKind kind, String tenant, String key) {
            return kind.configName() + "/" + tenant + "/" + key;
        }
    }
}
