package dev.switchyard.cache;

import io.vertx.core.Future;

/**
 * The distributed cache service: bytes by kind, tenant and key. Every entry is scoped by tenant, so two
 * tenants never share one. A cache that fails (a Redis node down or slow) behaves as a miss: no method
 * ever returns a failed future.
 */
public interface CacheService {

    /** No cache at all: every lookup misses. */
    CacheService NONE = new CacheService() {
        @Override
        public Future<byte[]> get(CacheKind kind, String tenant, String key) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> put(CacheKind kind, String tenant, String key, byte[] value) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> delete(CacheKind kind, String tenant, String key) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Long> purgeTenant(String tenant) {
            return Future.succeededFuture(0L);
        }
    };

    /** The value, or a null result on a miss. */
    Future<byte[]> get(CacheKind kind, String tenant, String key);

    /** Stores with the kind's time to live; completes (never fails) once stored or given up. */
    Future<Void> put(CacheKind kind, String tenant, String key, byte[] value);

    Future<Void> delete(CacheKind kind, String tenant, String key);

    /** Removes every entry of the tenant, of every kind, from every tier; completes with how many were removed. */
    Future<Long> purgeTenant(String tenant);
}
