package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every strategy promises, whatever its distribution. */
class LoadBalancerContractTest {

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void pick_emptyList_returnsNull(Strategy strategy) {
        LoadBalancer balancer = strategy.create(new SplittableRandom(7));

        assertThat(balancer.pick(List.<FakeEndpoint>of())).isNull();
        assertThat(balancer.pick(new ArrayList<FakeEndpoint>())).isNull();
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void pick_singleCandidate_alwaysReturnsIt(Strategy strategy) {
        LoadBalancer balancer = strategy.create(new SplittableRandom(7));
        FakeEndpoint only = FakeEndpoint.withLatency("only", 250, 3);

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(List.of(only))).isSameAs(only);
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void pick_identicalCandidates_everyOneServed(Strategy strategy) {
        LoadBalancer balancer = strategy.create(new SplittableRandom(7));
        List<FakeEndpoint> endpoints = FakeEndpoint.several(6);
        Set<FakeEndpoint> served = new HashSet<>();

        for (int i = 0; i < 600; i++) {
            FakeEndpoint picked = balancer.pick(endpoints);
            assertThat(endpoints).contains(picked);
            served.add(picked);
        }

        assertThat(served).containsExactlyInAnyOrderElementsOf(endpoints);
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void pick_listSizeVariesBetweenCalls_alwaysPicksFromTheCurrentList(Strategy strategy) {
        LoadBalancer balancer = strategy.create(new SplittableRandom(7));
        List<FakeEndpoint> all = FakeEndpoint.several(7);
        SplittableRandom sizes = new SplittableRandom(11);

        for (int i = 0; i < 2_000; i++) {
            List<FakeEndpoint> current = all.subList(0, 1 + sizes.nextInt(all.size()));
            assertThat(current).contains(balancer.pick(current));
        }
    }

    @ParameterizedTest
    @EnumSource(Strategy.class)
    void pick_concurrentThreads_onlyCandidatesReturned(Strategy strategy) throws Exception {
        // ThreadLocalRandom.current() is the generator that is safe to share across threads.
        LoadBalancer balancer = strategy.create(ThreadLocalRandom.current());
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(3, 2, 1, 1);

        List<Integer> misses = Threads.runTogether(8, t -> {
            int bad = 0;
            for (int i = 0; i < 20_000; i++) {
                if (!endpoints.contains(balancer.pick(endpoints))) {
                    bad++;
                }
            }
            return bad;
        });

        assertThat(misses).containsOnly(0);
    }
}
