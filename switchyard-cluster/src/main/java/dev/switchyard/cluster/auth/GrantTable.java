package dev.switchyard.cluster.auth;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.TokenUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admissions this instance granted to callers in other processes, held by grant id until settled.
 *
 * <p>Concurrency: calls arrive on any event loop. The map is guarded by this object's lock and a grant
 * leaves it exactly once (settled by its caller, expired, or closed), so its {@link Admission} is settled
 * at most once; settling runs outside the lock. One TTL for every grant makes admission order the expiry
 * order, so the insertion-ordered map finds the expired ones at its head.
 */
final class GrantTable {
    private static final Logger log = LoggerFactory.getLogger(GrantTable.class);

    private final Clock clock;
    private final Duration ttl;
    private final int maxGrants;
    private final String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final LinkedHashMap<String, Held> grants = new LinkedHashMap<>();

    /** A live admission, with what its expiry settles and logs (no key material: the key's id). */
    private record Held(Admission admission, String model, String keyId, String requestId, Instant deadline) {}

    GrantTable(Clock clock, Duration ttl, int maxGrants) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxGrants = maxGrants;
    }

    /** Holds {@code admission} and returns its grant id, or null when {@code maxGrants} are held already. */
    String hold(Admission admission, String model, String keyId, String requestId) {
        expire();
        Instant deadline = clock.instant().plus(ttl);
        synchronized (this) {
            if (grants.size() >= maxGrants) {
                return null;
            }
            String id = prefix + "-" + sequence.incrementAndGet();
            grants.put(id, new Held(admission, model, keyId, requestId, deadline));
            return id;
        }
    }

    /** Settles the grant with {@code used}; an unknown id (settled, expired, or never granted here) is a no-op. */
    boolean settle(String grantId, TokenUsage used) {
        Held held;
        synchronized (this) {
            held = grantId == null ? null : grants.remove(grantId);
        }
        if (held == null) {
            return false;
        }
        settleQuietly(held, used == null ? TokenUsage.none(held.model()) : used);
        return true;
    }

    /** Settles, with zeros, every grant whose time is up: its caller is taken for dead. Returns how many. */
    int expire() {
        Instant now = clock.instant();
        List<Held> due = new ArrayList<>();
        synchronized (this) {
            Iterator<Held> it = grants.values().iterator();
            while (it.hasNext()) {
                Held held = it.next();
                if (held.deadline().isAfter(now)) {
                    break;
                }
                it.remove();
                due.add(held);
            }
        }
        for (Held held : due) {
            log.warn("auth role: grant of request {} (key {}) was not settled within {}; settled with zero usage",
                    held.requestId(), held.keyId(), ttl);
            settleQuietly(held, TokenUsage.none(held.model()));
        }
        expired.addAndGet(due.size());
        return due.size();
    }

    /** Settles every held grant with zeros (the instance is stopping). */
    void settleAll() {
        List<Held> all;
        synchronized (this) {
            all = new ArrayList<>(grants.values());
            grants.clear();
        }
        all.forEach(held -> settleQuietly(held, TokenUsage.none(held.model())));
    }

    synchronized int size() {
        return grants.size();
    }

    long expired() {
        return expired.get();
    }

    private static void settleQuietly(Held held, TokenUsage used) {
        try {
            held.admission().settle(used);
        } catch (RuntimeException e) {
            log.warn("auth role: settling the admission of request {} failed: {}", held.requestId(), e.toString());
        }
    }
}
