package dev.switchyard.cache.tiered;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.switchyard.cache.CacheKind;
import dev.switchyard.cache.CacheService;
import dev.switchyard.core.config.CacheConfig;
import dev.switchyard.core.health.DependencyCheck;
import dev.switchyard.core.health.DependencySource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two-tier cache: an in-process Caffeine L1 bounded by bytes, in front of Redis (independent nodes on
 * a consistent hash ring, or one Redis Cluster), or L1 alone when no Redis is configured.
 *
 * <p>Concurrency design: no locks and no state of its own beyond immutable wiring. L1 is a concurrent
 * Caffeine cache, the ring is immutable, each node's breaker is thread-safe and the Vert.x Redis client
 * may be called from any thread; every method may therefore run on any event loop, and none blocks (the
 * CPU work is hashing, CBOR and compressing values over the threshold). Redis calls complete on the
 * client's context; results are mapped there without further hops.
 *
 * <p>Consistency: L1 is per replica and is not invalidated by another replica's put, delete or purge.
 * Kinds whose values change under one key ({@link CacheKind#mutable()}, a conversation) therefore skip
 * L1 when there is an L2, so every replica reads what any replica wrote last. Immutable kinds (a
 * response to one exact request) use L1, and a replica can serve a purged one from its L1 for up to the
 * kind's time to live. A get racing a delete can likewise copy the old value up from L2 after the delete.
 *
 * <p>Failure: Redis trouble (down, slow past {@code timeout}, breaker open) is a miss for get and a
 * dropped, counted write for put and delete; no future fails.
 */
public final class TieredCache implements CacheService, DependencySource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TieredCache.class);

    private final CacheConfig config;
    private final Clock clock;
    private final Keys keys;
    private final Meters meters;
    private final L1 l1;
    private final L2 l2;

    TieredCache(CacheConfig config, Clock clock, Meters meters, L1 l1, L2 l2) {
        this.config = config;
        this.clock = clock;
        this.keys = new Keys(config.keyPrefix());
        this.meters = meters;
        this.l1 = l1;
        this.l2 = l2;
        MeterRegistry registry = meters.registry();
        Gauge.builder(CacheMetrics.L1_BYTES, l1, L1::weightedSize).baseUnit("bytes").register(registry);
        Gauge.builder(CacheMetrics.L1_ENTRIES, l1, L1::entries).register(registry);
    }

    /**
     * A cache for {@code config}: L1 always, Redis L2 when nodes or a cluster are configured. Connections
     * are made on first use, so this returns at once even if Redis is down. L1 time and the Redis
     * breakers run on {@code clock}.
     */
    public static TieredCache start(Vertx vertx, CacheConfig config, Clock clock, MeterRegistry registry) {
        if (!config.redisNodes().isEmpty() && !config.redisCluster().isEmpty()) {
            throw new IllegalArgumentException("cache: configure redisNodes or redisCluster, not both");
        }
        Meters meters = new Meters(registry);
        L1 l1 = new L1(config.l1MaxBytes(), ticker(clock), meters);
        L2 l2 = !config.redisNodes().isEmpty() ? new RingL2(vertx, config, clock, meters)
                : !config.redisCluster().isEmpty() ? new ClusterL2(vertx, config, clock, meters)
                : null;
        return new TieredCache(config, clock, meters, l1, l2);
    }

    /** {@link CacheService#NONE} for a disabled config, else {@link #start}. */
    public static CacheService of(Vertx vertx, CacheConfig config, Clock clock, MeterRegistry registry) {
        return config.enabled() ? start(vertx, config, clock, registry) : CacheService.NONE;
    }

    /**
     * Each Redis endpoint of L2, PINGed past its breaker (an open breaker is what the check should see
     * through): {@code cache_redis_<index>} per node of a ring, {@code cache_redis_cluster} for a cluster.
     * Optional: without Redis the cache misses, nothing fails.
     */
    @Override
    public List<DependencyCheck> dependencyChecks() {
        if (l2 == null) {
            return List.of();
        }
        List<RedisNode> endpoints = l2.endpoints();
        boolean cluster = !config.redisCluster().isEmpty();
        return endpoints.stream().map(node -> DependencyCheck.optional(
                cluster ? "cache_redis_cluster" : "cache_redis_" + node.index,
                timeout -> node.redis().send(Request.cmd(Command.PING)).<Void>mapEmpty())).toList();
    }

    static Ticker ticker(Clock clock) {
        return () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    @Override
    public Future<byte[]> get(CacheKind kind, String tenant, String key) {
        L1.Key k = l1Key(kind, tenant, key);
        if (usesL1(kind)) {
            byte[] local = l1.get(k);
            meters.l1(kind, local != null);
            if (local != null) {
                return Future.succeededFuture(local.clone());
            }
        }
        if (l2 == null) {
            return Future.succeededFuture();
        }
        String full = keys.full(kind, tenant, key);
        return l2.get(full).transform(ar -> Future.succeededFuture(ar.succeeded() ? fromL2(kind, k, full, ar.result())
                : missAfterError(kind)));
    }

    private byte[] fromL2(CacheKind kind, L1.Key k, String full, byte[] stored) {
        if (stored == null) {
            meters.l2(kind, false);
            return null;
        }
        byte[] value;
        long storedAt;
        try {
            Envelope e = Envelope.decode(stored);
            if (!e.kind().equals(kind.configName())) {
                throw new IllegalStateException("envelope of another kind");
            }
            value = e.value();
            storedAt = e.storedAtMillis();
        } catch (Exception e) {
            meters.corrupt();
            meters.l2(kind, false);
            l2.delete(full);
            log.debug("unreadable cache entry of kind {} deleted: {}", kind.configName(), e.getClass().getSimpleName());
            return null;
        }
        meters.l2(kind, true);
        if (usesL1(kind)) {
            l1.put(k, value, remainingTtl(kind, storedAt));
        }
        return value.clone();
    }

    /** What is left of the kind's TTL by the stored-at time; clamped, since replicas' clocks differ. */
    private Duration remainingTtl(CacheKind kind, long storedAtMillis) {
        Duration ttl = config.ttl(kind);
        long age = Math.max(0, clock.millis() - storedAtMillis);
        return ttl.minusMillis(Math.min(age, ttl.toMillis()));
    }

    private byte[] missAfterError(CacheKind kind) {
        meters.l2(kind, false);
        return null;
    }

    @Override
    public Future<Void> put(CacheKind kind, String tenant, String key, byte[] value) {
        Objects.requireNonNull(value, "value");
        byte[] own = value.clone();
        Duration ttl = config.ttl(kind);
        if (usesL1(kind)) {
            l1.put(l1Key(kind, tenant, key), own, ttl);
        }
        if (l2 == null) {
            return Future.succeededFuture();
        }
        String full = keys.full(kind, tenant, key);
        byte[] stored;
        try {
            stored = Envelope.encode(kind.configName(), clock.millis(), own, config.compressAboveBytes());
        } catch (RuntimeException e) {
            meters.dropped(CacheMetrics.OP_PUT, l2.meterNode(full));
            return Future.succeededFuture();
        }
        return l2.set(full, stored, Math.max(1, ttl.toMillis())).transform(ar -> written(ar.failed(), CacheMetrics.OP_PUT, full));
    }

    @Override
    public Future<Void> delete(CacheKind kind, String tenant, String key) {
        l1.invalidate(l1Key(kind, tenant, key));
        if (l2 == null) {
            return Future.succeededFuture();
        }
        String full = keys.full(kind, tenant, key);
        return l2.delete(full).transform(ar -> written(ar.failed(), CacheMetrics.OP_DELETE, full));
    }

    private Future<Void> written(boolean failed, String op, String full) {
        if (failed) {
            meters.dropped(op, l2.meterNode(full));
        }
        return Future.succeededFuture();
    }

    /**
     * Removes the tenant's entries from this replica's L1 and from every Redis node; completes with the
     * number removed from Redis (from L1 when there is no Redis). Best effort: a node that is down keeps
     * its share of the tenant's keys until they expire.
     */
    @Override
    public Future<Long> purgeTenant(String tenant) {
        Objects.requireNonNull(tenant, "tenant");
        long local = l1.purge(tenant);
        if (l2 == null) {
            return Future.succeededFuture(local);
        }
        return l2.purge(keys.tenantPattern(tenant)).otherwise(0L);
    }

    /** {@code l1MaxBytes} 0 turns L1 off (with an L2: every replica reads what any wrote, at once). */
    private boolean usesL1(CacheKind kind) {
        return config.l1MaxBytes() > 0 && (l2 == null || !kind.mutable());
    }

    private static L1.Key l1Key(CacheKind kind, String tenant, String key) {
        return new L1.Key(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(tenant, "tenant"),
                Objects.requireNonNull(key, "key"));
    }

    /** Drops this replica's L1, as a restart would; L2 is untouched. */
    void clearL1() {
        l1.clear();
    }

    L1 l1() {
        return l1;
    }

    L2 l2() {
        return l2;
    }

    Keys keys() {
        return keys;
    }

    @Override
    public void close() {
        if (l2 != null) {
            l2.close();
        }
    }
}
