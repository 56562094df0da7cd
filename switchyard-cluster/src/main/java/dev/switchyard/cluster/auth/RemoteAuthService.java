package dev.switchyard.cluster.auth;

import dev.switchyard.auth.AuthService;
import dev.switchyard.auth.Principal;
import dev.switchyard.cluster.RoleClient;
import dev.switchyard.core.hash.Sha256;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link AuthService} on auth roles in other processes. Authentication is idempotent, so a call cut
 * before its answer is tried on another instance; when no instance answers it fails with the call's
 * error (overloaded_error, timeout_error), never letting an unchecked key through.
 *
 * <p>Caching is off by default ({@code cacheTtl} 0): the auth role answers from its own key cache,
 * which key events keep current, so a revoked or disabled key stops working there at once; a cache
 * here would let such a key through on every gateway for up to its TTL. Turning it on trades that
 * window for one hop less per request. Only successes are kept, each for {@code cacheTtl}, keyed by
 * the SHA-256 of the credential (the credential itself is never held, logged nor put in an error);
 * failures are never kept, so a key just created works at once. At most {@code cacheEntries} are
 * held: a full cache drops its expired entries, and, when none had expired, all of them.
 */
public final class RemoteAuthService implements AuthService {
    private final RoleClient client;
    private final Duration cacheTtl;
    private final int cacheEntries;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Principal principal, Instant expires) {}

    /** Without a cache: every authentication asks the role. */
    public RemoteAuthService(RoleClient client) {
        this(client, Duration.ZERO, 0, Clock.systemUTC());
    }

    public RemoteAuthService(RoleClient client, Duration cacheTtl, int cacheEntries, Clock clock) {
        if (cacheTtl == null || cacheTtl.isNegative()) {
            throw new IllegalArgumentException("auth cache TTL must be >= 0 (0 = off), got " + cacheTtl);
        }
        if (cacheEntries < 0) {
            throw new IllegalArgumentException("auth cache entries must be >= 0, got " + cacheEntries);
        }
        this.client = client;
        this.cacheTtl = cacheTtl;
        this.cacheEntries = cacheEntries;
        this.clock = clock;
    }

    @Override
    public Future<Principal> authenticate(String credential) {
        if (!caching() || credential == null) {
            return ask(credential);
        }
        String key = hash(credential);
        Cached cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.expires())) {
            return Future.succeededFuture(cached.principal());
        }
        return ask(credential).andThen(ar -> {
            if (ar.succeeded()) {
                keep(key, ar.result());
            } else {
                cache.remove(key);
            }
        });
    }

    private Future<Principal> ask(String credential) {
        try {
            return client.call(AuthWire.AUTHENTICATE, new AuthWire.Credential(credential), Principal.class, true, "");
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private boolean caching() {
        return !cacheTtl.isZero() && cacheEntries > 0;
    }

    private void keep(String key, Principal principal) {
        Instant now = clock.instant();
        if (cache.size() >= cacheEntries) {
            cache.values().removeIf(c -> !now.isBefore(c.expires()));
            if (cache.size() >= cacheEntries) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(principal, now.plus(cacheTtl)));
    }

    private static String hash(String credential) {
        return Sha256.hex(credential);
    }

    /** Successes held now (for tests and metrics). */
    int cached() {
        return cache.size();
    }
}
