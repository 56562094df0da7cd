package dev.switchyard.core.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Rotates through the candidates in list order. */
final class RoundRobinBalancer implements LoadBalancer {
    // A long cannot wrap in practice, so the rotation never jumps at overflow.
    private final AtomicLong next = new AtomicLong();

    @Override
    public <E extends Endpoint> E pick(List<E> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return null;
        }
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) n));
    }
}
