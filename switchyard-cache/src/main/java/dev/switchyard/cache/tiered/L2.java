package dev.switchyard.cache.tiered;

import io.vertx.core.Future;
import java.util.List;

/**
 * The shared tier. Futures fail on any Redis trouble (down, slow, breaker open); the caller turns that
 * into a miss or a dropped write.
 */
interface L2 {
    /** The stored bytes, or null when absent. */
    Future<byte[]> get(String key);

    Future<Void> set(String key, byte[] value, long ttlMillis);

    Future<Void> delete(String key);

    /**
     * Removes every key matching the glob {@code pattern}; completes with how many went. A node that fails
     * part-way contributes what it removed so far: the purge is best effort.
     */
    Future<Long> purge(String pattern);

    /** The index of the node holding {@code key}, for tests and metrics; -1 where the client routes. */
    int nodeOf(String key);

    /** The index the L2_DROPPED meter should carry for a write of {@code key}. */
    default int meterNode(String key) {
        return Math.max(0, nodeOf(key));
    }

    /** The Redis endpoints behind this tier, for health checks; none for a tier without Redis. */
    default List<RedisNode> endpoints() {
        return List.of();
    }

    Future<Void> close();
}
