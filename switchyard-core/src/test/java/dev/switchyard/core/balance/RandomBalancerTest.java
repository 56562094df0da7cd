package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RandomBalancerTest {

    @ParameterizedTest
    @CsvSource({"2, 1", "3, 2", "5, 3", "10, 4", "10, 5"})
    void pick_manyPicks_uniformWithinTolerance(int size, long seed) {
        LoadBalancer balancer = new RandomBalancer(new SplittableRandom(seed));
        List<FakeEndpoint> endpoints = FakeEndpoint.several(size);
        List<FakeEndpoint> picks = new ArrayList<>();
        int total = 100_000;

        for (int i = 0; i < total; i++) {
            picks.add(balancer.pick(endpoints));
        }

        // Expected count per endpoint; 4% is over 4 standard deviations even for 10 endpoints.
        int expected = total / size;
        assertThat(FakeEndpoint.count(endpoints, picks).values())
                .allSatisfy(count -> assertThat(count).isCloseTo(expected, within(expected * 4 / 100)));
    }

    @Test
    void pick_successivePicks_notInListOrder() {
        LoadBalancer balancer = new RandomBalancer(new SplittableRandom(9));
        List<FakeEndpoint> endpoints = FakeEndpoint.several(4);
        int repeats = 0;
        FakeEndpoint previous = null;

        for (int i = 0; i < 4_000; i++) {
            FakeEndpoint picked = balancer.pick(endpoints);
            if (picked == previous) {
                repeats++;
            }
            previous = picked;
        }

        // Independent picks repeat the previous one a quarter of the time; a rotation never does.
        assertThat(repeats).isBetween(850, 1_150);
    }

    @Test
    void pick_sameSeed_sameSequence() {
        List<FakeEndpoint> endpoints = FakeEndpoint.several(5);
        LoadBalancer first = new RandomBalancer(new SplittableRandom(42));
        LoadBalancer second = new RandomBalancer(new SplittableRandom(42));

        for (int i = 0; i < 1_000; i++) {
            assertThat(second.pick(endpoints)).isSameAs(first.pick(endpoints));
        }
    }
}
