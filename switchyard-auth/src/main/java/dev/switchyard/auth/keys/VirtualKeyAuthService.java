package dev.switchyard.auth.keys;

import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.Principal;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates virtual keys without ever waiting on the database: every key lives in memory, indexed
 * by the SHA-256 of its secret, and is kept fresh three ways: a change made through this replica is
 * applied at once, a change anywhere is announced on {@link KeyEvents} and reloaded by id, and a
 * periodic refresh catches whatever a lost message missed. Expiry is checked against the clock on
 * every request, so an expired key is refused the moment it expires.
 *
 * <p>The refresh asks for keys whose change number ({@link VirtualKey#changeSeq()}, given by the database in
 * commit order) is above the highest it has seen, never for a time: the writers' clocks may be skewed and a
 * write becomes visible at its commit, not at the time it stamped.
 *
 * <p>Concurrency: reads are lock-free map lookups on the event loops; reloads run on worker threads
 * and may race, so an entry is only replaced by one at least as recent ({@code changeSeq}).
 * Lookup by hash is safe from timing attacks: the hash of a guess says nothing about any real key.
 */
public final class VirtualKeyAuthService implements AuthService, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualKeyAuthService.class);
    private static final int MAX_KEY_LENGTH = 512;
    private static final Future<Principal> MISSING = rejected("x-api-key header is required");
    private static final Future<Principal> INVALID = rejected("invalid x-api-key");
    private static final Future<Principal> REVOKED = rejected("this API key has been revoked");
    private static final Future<Principal> EXPIRED = rejected("this API key has expired");

    private final Vertx vertx;
    private final KeyStore store;
    private final KeyEvents events;
    private final Clock clock;
    private final Map<String, Future<Principal>> staticKeys;
    private final Map<String, CachedKey> byHash = new ConcurrentHashMap<>();
    private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
    /** The highest change number applied by a refresh; -1 before the first load, which reads every key. */
    private final AtomicLong seenSeq = new AtomicLong(-1);
    private long refreshTimer = -1;

    private record CachedKey(VirtualKey key, Future<Principal> principal) {}

    private VirtualKeyAuthService(Vertx vertx, KeyStore store, KeyEvents events, List<String> staticKeys, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.events = events;
        this.clock = clock;
        Map<String, Future<Principal>> statics = new ConcurrentHashMap<>();
        for (String k : staticKeys) {
            String hash = KeySecrets.hash(k);
            statics.put(hash, Future.succeededFuture(Principal.staticKey("static-" + hash.substring(0, 8))));
        }
        this.staticKeys = Map.copyOf(statics);
    }

    /** Loads every key and tenant (blocking: call off the event loop), then keeps them fresh. */
    public static VirtualKeyAuthService load(Vertx vertx, KeyStore store, KeyEvents events, List<String> staticKeys,
            Clock clock, Duration refreshEvery) {
        VirtualKeyAuthService service = new VirtualKeyAuthService(vertx, store, events, staticKeys, clock);
        service.refreshBlocking();
        events.subscribe(service::onEvent);
        service.refreshTimer = vertx.setPeriodic(refreshEvery.toMillis(), id -> service.refresh());
        return service;
    }

    @Override
    public Future<Principal> authenticate(String credential) {
        if (credential == null || credential.isEmpty()) {
            return MISSING;
        }
        if (credential.length() > MAX_KEY_LENGTH) {
            return INVALID;
        }
        String hash = KeySecrets.hash(credential);
        Future<Principal> fixed = staticKeys.get(hash);
        if (fixed != null) {
            return fixed;
        }
        CachedKey cached = byHash.get(hash);
        if (cached == null) {
            return INVALID;
        }
        if (cached.key().revoked()) {
            return REVOKED;
        }
        if (cached.key().expiredAt(clock.instant())) {
            return EXPIRED;
        }
        return cached.principal();
    }

    /** A key changed through this replica: apply it here now and tell the others. */
    public void keyChanged(VirtualKey key) {
        apply(key);
        events.publish("key:" + key.id());
    }

    /** A tenant changed through this replica: apply it here now and tell the others. */
    public void tenantChanged(Tenant tenant) {
        applyTenant(tenant);
        events.publish("tenant:" + tenant.id());
    }

    public int size() {
        return byHash.size();
    }

    private void onEvent(String event) {
        vertx.executeBlocking(() -> {
            if (event.startsWith("key:")) {
                store.byId(event.substring(4)).ifPresent(this::apply);
            } else if (event.startsWith("tenant:")) {
                store.tenant(event.substring(7)).ifPresent(this::applyTenant);
            }
            return null;
        }, false).onFailure(e -> LOG.warn("reloading after key event failed ({}); the next refresh retries",
                e.toString()));
    }

    /** One periodic refresh (package-private: tests run one instead of waiting for the timer). */
    Future<Void> refresh() {
        return vertx.<Void>executeBlocking(() -> {
            refreshBlocking();
            return null;
        }, false).onFailure(e -> LOG.warn("key cache refresh failed ({}); serving the keys already loaded",
                e.toString()));
    }

    private void refreshBlocking() {
        store.tenants().forEach(this::applyTenant);
        long highest = seenSeq.get();
        for (VirtualKey key : store.changedAfter(highest)) {
            apply(key);
            highest = Math.max(highest, key.changeSeq());
        }
        // max: two refreshes may overlap (a slow one and the next tick); the watermark never moves back
        seenSeq.accumulateAndGet(highest, Math::max);
    }

    private void apply(VirtualKey key) {
        byHash.compute(key.hash(), (h, old) -> old != null && old.key().changeSeq() > key.changeSeq()
                ? old : new CachedKey(key, Future.succeededFuture(principal(key))));
    }

    private void applyTenant(Tenant tenant) {
        Tenant old = tenants.put(tenant.id(), tenant);
        if (!tenant.equals(old)) {
            byHash.values().stream().map(CachedKey::key).filter(k -> tenant.id().equals(k.tenantId()))
                    .forEach(k -> byHash.computeIfPresent(k.hash(), (h, c) -> new CachedKey(c.key(),
                            Future.succeededFuture(principal(c.key())))));
        }
    }

    private Principal principal(VirtualKey key) {
        Tenant tenant = tenants.get(key.tenantId());
        return new Principal(key.id(), key.tenantId(), key.userId(), key.tier(), key.allowedModels(), key.quota(),
                tenant == null ? null : tenant.quota(), key.cachePolicy());
    }

    @Override
    public void close() {
        vertx.cancelTimer(refreshTimer);
    }

    private static Future<Principal> rejected(String message) {
        return Future.failedFuture(new ApiException(ErrorType.AUTHENTICATION, message));
    }
}
