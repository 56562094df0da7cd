package dev.switchyard.cluster.cache;

import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.cluster.Fallbacks;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.cluster.cache.CacheWire.Entry;
import dev.switchyard.cluster.cache.CacheWire.Put;
import dev.switchyard.cluster.cache.CacheWire.Removed;
import dev.switchyard.cluster.cache.CacheWire.Tenant;
import dev.switchyard.cluster.cache.CacheWire.Value;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@link CacheService} on cache roles in other processes, keeping the interface's promise that a cache never
 * fails: a call that fails or outlasts its short deadline is a miss (get), a write given up (put, delete) or
 * nothing removed (purgeTenant), counted in {@link dev.switchyard.cluster.ClusterMetrics#FALLBACKS}. Every
 * call is idempotent, so one cut after sending is tried again on another instance within the deadline.
 */
public final class RemoteCacheService implements CacheService {
    private final RoleClient client;
    private final Duration timeout;
    private final Fallbacks fallbacks;

    /** {@code timeout}: each call's whole deadline, retries included; short, so a sick role costs a miss, not latency. */
    public RemoteCacheService(RoleClient client, Duration timeout, MeterRegistry meters) {
        this.client = client;
        this.timeout = timeout;
        this.fallbacks = new Fallbacks(meters, CacheWire.ROLE);
    }

    @Override
    public Future<byte[]> get(CacheKind kind, String tenant, String key) {
        return call(CacheWire.GET, new Entry(kind, tenant, key), Value.class).map(v -> v == null ? null : v.value());
    }

    @Override
    public Future<Void> put(CacheKind kind, String tenant, String key, byte[] value) {
        return call(CacheWire.PUT, new Put(kind, tenant, key, value), Void.class);
    }

    @Override
    public Future<Void> delete(CacheKind kind, String tenant, String key) {
        return call(CacheWire.DELETE, new Entry(kind, tenant, key), Void.class);
    }

    @Override
    public Future<Long> purgeTenant(String tenant) {
        return call(CacheWire.PURGE_TENANT, new Tenant(tenant), Removed.class).map(r -> r == null ? 0L : r.removed());
    }

    /** The call's answer, or a null result when it failed: never a failed future. */
    private <T> Future<T> call(String method, Object request, Class<T> type) {
        Future<T> answer;
        try {
            // the outer bound also covers reading the answer's body, which the role client's deadline does not
            answer = client.call(method, request, type, true, "", timeout)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        return answer.recover(e -> {
            fallbacks.count(method);
            return Future.succeededFuture();
        });
    }
}
