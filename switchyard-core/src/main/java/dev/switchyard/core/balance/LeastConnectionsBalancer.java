package dev.switchyard.core.balance;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Picks the candidate with the fewest requests in flight. */
final class LeastConnectionsBalancer implements LoadBalancer {
    // Scanning from a rotating start makes ties go to different candidates on successive picks;
    // always scanning from index 0 would pile every tie (e.g. an idle pool) onto the first one.
    private final AtomicLong start = new AtomicLong();

    @Override
    public <E extends Endpoint> E pick(List<E> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return null;
        }
        int first = (int) Math.floorMod(start.getAndIncrement(), (long) n);
        E best = null;
        int bestLoad = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int index = first + i;
            E candidate = candidates.get(index < n ? index : index - n);
            // Read once: the live count may change under us, and the comparison must be stable.
            int load = candidate.inFlight();
            if (best == null || load < bestLoad) {
                best = candidate;
                bestLoad = load;
            }
        }
        return best;
    }
}
