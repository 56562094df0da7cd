package dev.switchyard.auth.keys;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable keys, tenants and admin credentials. Blocking (JDBC): callers run it off the event loop.
 * Only hashes are stored. Every method uses parameterised SQL.
 */
public interface KeyStore {

    /** Makes a key with a fresh secret ({@link KeySecrets#generate()}); the tenant must exist. */
    CreatedKey create(KeySpec spec);

    Optional<VirtualKey> byId(String id);

    /** {@code hash}: {@link KeySecrets#hash(String)} of the plaintext. Revoked keys are returned too. */
    Optional<VirtualKey> byHash(String hash);

    /** All keys, or a tenant's when {@code tenantId} is not null, revoked ones included, oldest first. */
    List<VirtualKey> list(String tenantId);

    /**
     * Keys created, updated or revoked with a {@link VirtualKey#changeSeq()} above {@code seq} (for the cache's
     * periodic refresh). Change numbers are given in commit order: after reading N, nothing numbered N or lower
     * can still appear.
     */
    List<VirtualKey> changedAfter(long seq);

    /** Applies the non-null fields of {@code changes}; empty when there is no such key. */
    Optional<VirtualKey> update(String id, KeySpec changes);

    /** Marks the key revoked (kept for the ledger); false when there is no such key. */
    boolean revoke(String id);

    Tenant saveTenant(Tenant tenant);

    Optional<Tenant> tenant(String id);

    List<Tenant> tenants();

    /** True when no admin key has ever been stored (the embedded first start then makes one). */
    boolean noAdminKeys();

    /** Stores a new admin credential's hash and display prefix. */
    void addAdminKey(String hash, String displayPrefix);

    boolean isAdminKey(String hash);

    /** Every stored admin credential's hash (for the in-memory check of /admin calls). */
    Set<String> adminKeyHashes();
}
