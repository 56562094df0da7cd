package dev.switchyard.auth.admin;

import dev.switchyard.auth.keys.KeySecrets;
import dev.switchyard.auth.keys.KeyStore;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use /admin: the admin key from the config (or SWITCHYARD_ADMIN_KEY), compared in constant
 * time, or an admin key kept (hashed) in the store. Client keys never open the admin API.
 *
 * <p>The stored hashes are held in memory, like client keys, so that checking a credential never waits on
 * the database: a wrong key costs one SHA-256, not a query on the pool the ledger writes through. They are
 * reloaded every {@code refreshEvery} (an admin key stored or deleted elsewhere counts from the next reload).
 * Looking a hash up in a set is safe from timing attacks: the hash of a guess says nothing about a real key.
 */
public final class AdminCredentials implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminCredentials.class);
    private static final int MAX_KEY_LENGTH = 512;
    private final Vertx vertx;
    private final byte[] configuredHash;
    private final KeyStore store;
    private volatile Set<String> storedHashes;
    private long refreshTimer = -1;

    private AdminCredentials(Vertx vertx, String configuredKey, KeyStore store) {
        this.vertx = vertx;
        this.configuredHash = configuredKey == null ? null
                : KeySecrets.hash(configuredKey).getBytes(StandardCharsets.US_ASCII);
        this.store = store;
    }

    /** Loads the stored admin keys (blocking: call off the event loop), then reloads them every {@code refreshEvery}. */
    public static AdminCredentials load(Vertx vertx, String configuredKey, KeyStore store, Duration refreshEvery) {
        AdminCredentials credentials = new AdminCredentials(vertx, configuredKey, store);
        credentials.refresh();
        credentials.refreshTimer = vertx.setPeriodic(refreshEvery.toMillis(), id -> vertx.executeBlocking(() -> {
            credentials.refresh();
            return null;
        }, false).onFailure(e -> LOG.warn("admin key refresh failed ({}); keeping the admin keys already loaded",
                e.toString())));
        return credentials;
    }

    /** Reloads the stored admin keys. Blocking. */
    void refresh() {
        storedHashes = store.adminKeyHashes();
    }

    /** In memory: safe on the event loop. */
    boolean accepts(String credential) {
        if (credential == null || credential.isEmpty() || credential.length() > MAX_KEY_LENGTH) {
            return false;
        }
        String hash = KeySecrets.hash(credential);
        if (configuredHash != null
                && MessageDigest.isEqual(configuredHash, hash.getBytes(StandardCharsets.US_ASCII))) {
            return true;
        }
        return storedHashes.contains(hash);
    }

    @Override
    public void close() {
        vertx.cancelTimer(refreshTimer);
    }
}
