package dev.switchyard.core.balance;

import java.util.List;
import java.util.random.RandomGenerator;

/** Uniform random pick: stateless, so it needs no coordination between event loops. */
final class RandomBalancer implements LoadBalancer {
    private final RandomGenerator random;

    RandomBalancer(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public <E extends Endpoint> E pick(List<E> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return null;
        }
        return n == 1 ? candidates.get(0) : candidates.get(random.nextInt(n));
    }
}
