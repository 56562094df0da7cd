package dev.switchyard.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent connections per client address, shared by the gateway's event loops. An address's
 * entry goes away with its last connection, so the map holds only addresses connected now.
 */
final class ConnectionLimiter {
    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /** @param max connections one address may hold; 0 = no cap */
    ConnectionLimiter(int max) {
        this.max = max;
    }

    /** Takes a place for {@code address}; false when it already holds {@code max}. */
    boolean tryAcquire(String address) {
        if (max <= 0) {
            return true;
        }
        boolean[] taken = new boolean[1];
        open.compute(address, (k, count) -> {
            AtomicInteger c = count == null ? new AtomicInteger() : count;
            if (c.get() < max) {
                c.incrementAndGet();
                taken[0] = true;
            }
            return c.get() == 0 ? null : c;
        });
        return taken[0];
    }

    void release(String address) {
        if (max <= 0) {
            return;
        }
        open.computeIfPresent(address, (k, c) -> c.decrementAndGet() == 0 ? null : c);
    }
}
