package dev.switchyard.auth.keys;

import dev.switchyard.cache.CachePolicy;
import dev.switchyard.auth.Quota;
import java.time.Instant;
import java.util.Set;

/**
 * The settable fields of a key, for create and update. On update, a null field keeps the stored value
 * (to clear an expiry, pass {@link #NO_EXPIRY}); on create, null means "none" / unlimited.
 */
public record KeySpec(
        String name,
        String tenantId,
        String userId,
        Set<String> allowedModels,
        Quota quota,
        Instant expiresAt,
        String tier,
        CachePolicy cachePolicy) {

    /** A spec that leaves the cache policy as it is (the default, on creation). */
    public KeySpec(String name, String tenantId, String userId, Set<String> allowedModels, Quota quota,
            Instant expiresAt, String tier) {
        this(name, tenantId, userId, allowedModels, quota, expiresAt, tier, null);
    }

    /** On update: remove the key's expiry. */
    public static final Instant NO_EXPIRY = Instant.EPOCH;
}
