package dev.switchyard.core.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: compare two distinct random candidates and keep the cheaper one. Always
 * taking the global best would herd every event loop onto one deployment between latency
 * updates; sampling two keeps most traffic on fast deployments while still sending some to the
 * rest, so their latency estimates stay fresh.
 */
final class LatencyBalancer implements LoadBalancer {
    private final RandomGenerator random;

    LatencyBalancer(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public <E extends Endpoint> E pick(List<E> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return candidates.get(0);
        }
        int i = random.nextInt(n);
        int j = random.nextInt(n - 1);
        if (j >= i) {
            j++; // skip i so the two choices are distinct without retrying
        }
        E a = candidates.get(i);
        E b = candidates.get(j);
        return score(b) < score(a) ? b : a;
    }

    /**
     * Expected wait if we queue behind the requests already in flight. Unknown latency is 0, the
     * best score, so a new deployment gets traffic and thereby a measurement.
     */
    private static double score(Endpoint endpoint) {
        return endpoint.latencyEwmaMillis() * (endpoint.inFlight() + 1.0);
    }
}
