package dev.switchyard.auth;

import dev.switchyard.cache.CachePolicy;
import java.util.Set;

/**
 * An authenticated caller. {@code keyId} names the key without revealing it (safe for logs, metrics
 * and stored rows); {@code tenantId} and {@code userId} say whose it is. The quotas are the key's own
 * and its tenant's; admission applies both.
 */
public record Principal(
        String keyId,
        String tenantId,
        String userId,
        String tier,
        Set<String> allowedModels,
        Quota keyQuota,
        Quota tenantQuota,
        CachePolicy cachePolicy) {

    public Principal {
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
        keyQuota = keyQuota == null ? Quota.UNLIMITED : keyQuota;
        tenantQuota = tenantQuota == null ? Quota.UNLIMITED : tenantQuota;
        cachePolicy = cachePolicy == null ? CachePolicy.ON_REQUEST : cachePolicy;
    }

    /** A principal whose key has the default cache policy (cache what asks for it). */
    public Principal(String keyId, String tenantId, String userId, String tier, Set<String> allowedModels,
            Quota keyQuota, Quota tenantQuota) {
        this(keyId, tenantId, userId, tier, allowedModels, keyQuota, tenantQuota, CachePolicy.ON_REQUEST);
    }

    /** A key from the config file: no tenant, no limits, every model. */
    public static Principal staticKey(String keyId) {
        return new Principal(keyId, "default", null, null, Set.of(), Quota.UNLIMITED, Quota.UNLIMITED);
    }

    /** This principal with other limits (count_tokens is limited by its request rate only). */
    public Principal withQuotas(Quota key, Quota tenant) {
        return new Principal(keyId, tenantId, userId, tier, allowedModels, key, tenant, cachePolicy);
    }

    /** Whether the key may call {@code model} (as the client named it); an empty set allows every model. */
    public boolean mayUse(String model) {
        return allowedModels.isEmpty() || allowedModels.contains(model);
    }
}
