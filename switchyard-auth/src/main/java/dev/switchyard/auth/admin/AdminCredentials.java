package dev.switchyard.auth.admin;

import dev.switchyard.auth.keys.KeySecrets;
import dev.switchyard.auth.keys.KeyStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use /admin: the admin key from the config (or SWITCHYARD_ADMIN_KEY), compared in constant
 * time, or an admin key kept (hashed) in the store. Client keys never open the admin API.
 */
public final class AdminCredentials {
    private static final int MAX_KEY_LENGTH = 512;
    private final byte[] configuredHash;
    private final KeyStore store;

    public AdminCredentials(String configuredKey, KeyStore store) {
        this.configuredHash = configuredKey == null ? null
                : KeySecrets.hash(configuredKey).getBytes(StandardCharsets.US_ASCII);
        this.store = store;
    }

    /** Blocking when it falls through to the store: call off the event loop. */
    boolean accepts(String credential) {
        if (credential == null || credential.isEmpty() || credential.length() > MAX_KEY_LENGTH) {
            return false;
        }
        String hash = KeySecrets.hash(credential);
        if (configuredHash != null
                && MessageDigest.isEqual(configuredHash, hash.getBytes(StandardCharsets.US_ASCII))) {
            return true;
        }
        return store.isAdminKey(hash);
    }
}
