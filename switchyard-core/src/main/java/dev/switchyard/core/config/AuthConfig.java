package dev.switchyard.core.config;

import java.time.Duration;

/**
 * The auth service: virtual keys in the store, limits and budgets in Redis.
 * {@code adminKey} (a secret, never printed) protects /admin; null means "the store's admin keys"
 * (on an empty embedded store, one is created at the first start and printed once).
 * {@code replicas} is how many gateway replicas share the limits: a replica that cannot reach Redis
 * enforces 1/replicas of each limit on its own. {@code keyRefresh} bounds how stale the in-memory
 * key cache may get if an invalidation message is lost.
 */
public record AuthConfig(
        boolean enabled,
        String adminKey,
        StoreConfig store,
        RedisConfig redis,
        FailMode rateLimitsOnRedisDown,
        FailMode budgetsOnRedisDown,
        int replicas,
        Duration keyRefresh,
        LedgerConfig ledger) {

    public static AuthConfig disabled() {
        return new AuthConfig(false, null, StoreConfig.defaults(), RedisConfig.none(), FailMode.CLOSED,
                FailMode.CLOSED, 1, Duration.ofSeconds(30), LedgerConfig.defaults());
    }

    public static AuthConfig embedded() {
        return new AuthConfig(true, null, StoreConfig.defaults(), RedisConfig.none(), FailMode.CLOSED,
                FailMode.CLOSED, 1, Duration.ofSeconds(30), LedgerConfig.defaults());
    }

    public AuthConfig withStore(StoreConfig newStore) {
        return new AuthConfig(enabled, adminKey, newStore, redis, rateLimitsOnRedisDown, budgetsOnRedisDown, replicas,
                keyRefresh, ledger);
    }

    public AuthConfig withRedis(RedisConfig newRedis) {
        return new AuthConfig(enabled, adminKey, store, newRedis, rateLimitsOnRedisDown, budgetsOnRedisDown, replicas,
                keyRefresh, ledger);
    }

    public AuthConfig withAdminKey(String key) {
        return new AuthConfig(enabled, key, store, redis, rateLimitsOnRedisDown, budgetsOnRedisDown, replicas,
                keyRefresh, ledger);
    }

    public AuthConfig withReplicas(int n) {
        return new AuthConfig(enabled, adminKey, store, redis, rateLimitsOnRedisDown, budgetsOnRedisDown, n, keyRefresh,
                ledger);
    }

    public AuthConfig withLedger(LedgerConfig newLedger) {
        return new AuthConfig(enabled, adminKey, store, redis, rateLimitsOnRedisDown, budgetsOnRedisDown, replicas,
                keyRefresh, newLedger);
    }

    @Override
    public String toString() {
        return "AuthConfig[enabled=" + enabled + ", adminKey=" + (adminKey == null ? "<store>" : "<redacted>")
                + ", store=" + store + ", redis=" + redis + ", rateLimitsOnRedisDown=" + rateLimitsOnRedisDown
                + ", budgetsOnRedisDown=" + budgetsOnRedisDown + ", replicas=" + replicas + ", keyRefresh="
                + keyRefresh + ", ledger=" + ledger + "]";
    }
}
