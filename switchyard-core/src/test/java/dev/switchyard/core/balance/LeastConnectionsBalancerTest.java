package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeastConnectionsBalancerTest {

    @ParameterizedTest
    @CsvSource({"2, 1", "3, 2", "5, 3", "8, 4"})
    void pick_randomLoads_alwaysAMinimumLoad(int size, long seed) {
        LoadBalancer balancer = new LeastConnectionsBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.several(size);
        SplittableRandom loads = new SplittableRandom(seed);

        for (int i = 0; i < 5_000; i++) {
            endpoints.forEach(e -> e.setInFlight(loads.nextInt(6)));
            int min = endpoints.stream().mapToInt(FakeEndpoint::inFlight).min().orElseThrow();

            assertThat(balancer.pick(endpoints).inFlight()).isEqualTo(min);
        }
    }

    @Test
    void pick_oneClearlyLeastLoaded_alwaysPicksIt() {
        LoadBalancer balancer = new LeastConnectionsBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.several(4);
        endpoints.get(0).setInFlight(9);
        endpoints.get(1).setInFlight(4);
        endpoints.get(2).setInFlight(2);
        endpoints.get(3).setInFlight(7);

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(endpoints)).isSameAs(endpoints.get(2));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 6})
    void pick_allTied_spreadsExactlyEvenly(int size) {
        LoadBalancer balancer = new LeastConnectionsBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.several(size);
        endpoints.forEach(e -> e.setInFlight(3));
        List<FakeEndpoint> picks = new ArrayList<>();

        for (int i = 0; i < size * 100; i++) {
            picks.add(balancer.pick(endpoints));
        }

        assertThat(FakeEndpoint.count(endpoints, picks).values()).containsOnly(100);
    }

    @Test
    void pick_tieBetweenSomeCandidates_eachTiedOneServedAndLoadedOneNever() {
        LoadBalancer balancer = new LeastConnectionsBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(1, 1, 1);
        endpoints.get(0).setInFlight(5);
        endpoints.get(1).setInFlight(1);
        endpoints.get(2).setInFlight(1);
        List<FakeEndpoint> picks = new ArrayList<>();

        for (int i = 0; i < 300; i++) {
            picks.add(balancer.pick(endpoints));
        }

        // The rotating start reaches each tied endpoint first at least once per rotation.
        var counts = FakeEndpoint.count(endpoints, picks);
        assertThat(counts.get("a")).isZero();
        assertThat(counts.get("b")).isGreaterThanOrEqualTo(100);
        assertThat(counts.get("c")).isGreaterThanOrEqualTo(100);
    }

    @Test
    void pick_requestsStartOnPick_loadsNeverDifferByMoreThanOne() {
        LoadBalancer balancer = new LeastConnectionsBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.several(4);
        SplittableRandom completions = new SplittableRandom(5);

        for (int i = 0; i < 2_000; i++) {
            balancer.pick(endpoints).start();
            if (i % 3 == 2) {
                // Complete one request somewhere, as real traffic would; it opens a gap to refill.
                FakeEndpoint done = endpoints.get(completions.nextInt(endpoints.size()));
                if (done.inFlight() > 0) {
                    done.finish();
                }
            }
            int max = endpoints.stream().mapToInt(FakeEndpoint::inFlight).max().orElseThrow();
            int min = endpoints.stream().mapToInt(FakeEndpoint::inFlight).min().orElseThrow();
            assertThat(max - min).as("spread after pick %d", i).isLessThanOrEqualTo(2);
        }
    }
}
