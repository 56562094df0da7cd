package dev.switchyard.auth.keys;

import dev.switchyard.cache.CachePolicy;
import dev.switchyard.auth.Quota;
import java.time.Instant;
import java.util.Set;

/**
 * A client key as the store keeps it: never the plaintext, only its SHA-256 ({@code hash}, lowercase
 * hex) and a short {@code displayPrefix} (e.g. "sk-sy-AbCd") to recognise it in lists.
 * {@code expiresAt} and {@code revokedAt} are null when not set. {@code changeSeq} orders the key's versions:
 * the store numbers every write from one database counter, in commit order, whatever the writers' clocks say
 * (0 for a key not read from the store).
 */
public record VirtualKey(
        String id,
        String hash,
        String displayPrefix,
        String name,
        String tenantId,
        String userId,
        Set<String> allowedModels,
        Quota quota,
        Instant expiresAt,
        String tier,
        Instant createdAt,
        Instant updatedAt,
        Instant revokedAt,
        CachePolicy cachePolicy,
        long changeSeq) {

    public VirtualKey {
        allowedModels = allowedModels == null ? Set.of() : Set.copyOf(allowedModels);
        quota = quota == null ? Quota.UNLIMITED : quota;
        cachePolicy = cachePolicy == null ? CachePolicy.ON_REQUEST : cachePolicy;
    }

    /** A key not (yet) numbered by the store. */
    public VirtualKey(String id, String hash, String displayPrefix, String name, String tenantId, String userId,
            Set<String> allowedModels, Quota quota, Instant expiresAt, String tier, Instant createdAt,
            Instant updatedAt, Instant revokedAt, CachePolicy cachePolicy) {
        this(id, hash, displayPrefix, name, tenantId, userId, allowedModels, quota, expiresAt, tier, createdAt,
                updatedAt, revokedAt, cachePolicy, 0);
    }

    /** A key with the default cache policy. */
    public VirtualKey(String id, String hash, String displayPrefix, String name, String tenantId, String userId,
            Set<String> allowedModels, Quota quota, Instant expiresAt, String tier, Instant createdAt,
            Instant updatedAt, Instant revokedAt) {
        this(id, hash, displayPrefix, name, tenantId, userId, allowedModels, quota, expiresAt, tier, createdAt,
                updatedAt, revokedAt, CachePolicy.ON_REQUEST);
    }

    public VirtualKey withChangeSeq(long seq) {
        return new VirtualKey(id, hash, displayPrefix, name, tenantId, userId, allowedModels, quota, expiresAt, tier,
                createdAt, updatedAt, revokedAt, cachePolicy, seq);
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
