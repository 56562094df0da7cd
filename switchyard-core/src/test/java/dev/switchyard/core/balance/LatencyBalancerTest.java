package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyBalancerTest {
    private static final int PICKS = 60_000;

    private static Map<String, Integer> countPicks(LoadBalancer balancer, List<FakeEndpoint> endpoints) {
        List<FakeEndpoint> picks = new ArrayList<>(PICKS);
        for (int i = 0; i < PICKS; i++) {
            picks.add(balancer.pick(endpoints));
        }
        return FakeEndpoint.count(endpoints, picks);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void pick_threeLatencies_fastTwoThirdsMiddleOneThirdSlowNever(long seed) {
        LoadBalancer balancer = new LatencyBalancer(new SplittableRandom(seed));
        List<FakeEndpoint> endpoints = List.of(
                FakeEndpoint.withLatency("slow", 1_000, 0),
                FakeEndpoint.withLatency("fast", 10, 0),
                FakeEndpoint.withLatency("middle", 100, 0));

        Map<String, Integer> counts = countPicks(balancer, endpoints);

        // Each of the three pairs is drawn a third of the time; the better of the pair wins.
        assertThat(counts.get("fast")).isCloseTo(PICKS * 2 / 3, within(PICKS / 50));
        assertThat(counts.get("middle")).isCloseTo(PICKS / 3, within(PICKS / 50));
        assertThat(counts.get("slow")).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        // latencies by position; the shares follow rank, not position in the list
        "10, 20, 40, 80",
        "80, 40, 20, 10",
        "40, 10, 80, 20",
    })
    void pick_fourLatencies_sharesFollowRank(double l0, double l1, double l2, double l3) {
        LoadBalancer balancer = new LatencyBalancer(new SplittableRandom(21));
        List<FakeEndpoint> endpoints = List.of(
                FakeEndpoint.withLatency("e0", l0, 0),
                FakeEndpoint.withLatency("e1", l1, 0),
                FakeEndpoint.withLatency("e2", l2, 0),
                FakeEndpoint.withLatency("e3", l3, 0));

        Map<String, Integer> counts = countPicks(balancer, endpoints);

        // Of the 6 pairs the fastest is in 3, the second wins 2, the third wins 1, the slowest none.
        double[] latencies = {l0, l1, l2, l3};
        for (int i = 0; i < latencies.length; i++) {
            int faster = 0;
            for (double other : latencies) {
                if (other < latencies[i]) {
                    faster++;
                }
            }
            int expected = PICKS * (3 - faster) / 6;
            assertThat(counts.get("e" + i)).as("picks of e%d (%s ms)", i, latencies[i])
                    .isCloseTo(expected, within(PICKS / 50));
        }
    }

    @Test
    void pick_twoCandidates_alwaysTheLowerScore() {
        LoadBalancer balancer = new LatencyBalancer(new SplittableRandom(3));
        FakeEndpoint fast = FakeEndpoint.withLatency("fast", 30, 0);
        FakeEndpoint slow = FakeEndpoint.withLatency("slow", 31, 0);

        // Two distinct choices out of two always compare both; drawing one twice would not.
        for (int i = 0; i < 1_000; i++) {
            assertThat(balancer.pick(List.of(slow, fast))).isSameAs(fast);
            assertThat(balancer.pick(List.of(fast, slow))).isSameAs(fast);
        }
    }

    @ParameterizedTest
    @CsvSource({
        // a's latency, a's in-flight, b's latency, b's in-flight, expected winner
        "10, 20, 100, 0, b", // 10 * 21 = 210 vs 100 * 1 = 100
        "10, 5, 100, 0, a",  // 10 * 6 = 60 vs 100
        "10, 0, 12, 0, a",   // idle: plain latency decides
        "50, 1, 30, 2, b",   // 50 * 2 = 100 vs 30 * 3 = 90
    })
    void pick_inFlightScalesLatency_lowerProductWins(double aMs, int aInFlight, double bMs, int bInFlight,
            String winner) {
        LoadBalancer balancer = new LatencyBalancer(new SplittableRandom(4));
        List<FakeEndpoint> endpoints = List.of(
                FakeEndpoint.withLatency("a", aMs, aInFlight),
                FakeEndpoint.withLatency("b", bMs, bInFlight));

        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(endpoints).name()).isEqualTo(winner);
        }
    }

    @Test
    void pick_equalScores_splitRoughlyEvenly() {
        LoadBalancer balancer = new LatencyBalancer(new SplittableRandom(6));
        List<FakeEndpoint> endpoints = List.of(
                FakeEndpoint.withLatency("a", 20, 3), // 20 * 4 = 80
                FakeEndpoint.withLatency("b", 40, 1)); // 40 * 2 = 80

        Map<String, Integer> counts = countPicks(balancer, endpoints);

        assertThat(counts.get("a")).isCloseTo(PICKS / 2, within(PICKS / 50));
        assertThat(counts.get("b")).isCloseTo(PICKS / 2, within(PICKS / 50));
    }

    @Test
    void pick_unknownLatency_countsAsBestSoNewDeploymentGetsTried() {
        LoadBalancer balancer = new LatencyBalancer(new SplittableRandom(8));
        List<FakeEndpoint> endpoints = List.of(
                FakeEndpoint.withLatency("a", 50, 0),
                FakeEndpoint.withLatency("b", 60, 0),
                FakeEndpoint.withLatency("new", 0, 5),
                FakeEndpoint.withLatency("c", 70, 0));

        Map<String, Integer> counts = countPicks(balancer, endpoints);

        // In half of the six pairs; wins every one of them despite its in-flight requests.
        assertThat(counts.get("new")).isCloseTo(PICKS / 2, within(PICKS / 50));
    }

    @Test
    void pick_singleCandidate_returnedWithoutDrawingRandomness() {
        LoadBalancer balancer = new LatencyBalancer(new ExplodingRandom());
        FakeEndpoint only = FakeEndpoint.withLatency("only", 500, 9);

        assertThat(balancer.pick(List.of(only))).isSameAs(only);
    }

    @Test
    void pick_sameSeed_sameSequence() {
        List<FakeEndpoint> endpoints = List.of(
                FakeEndpoint.withLatency("a", 10, 0),
                FakeEndpoint.withLatency("b", 20, 0),
                FakeEndpoint.withLatency("c", 30, 0));
        LoadBalancer first = new LatencyBalancer(new SplittableRandom(99));
        LoadBalancer second = new LatencyBalancer(new SplittableRandom(99));

        for (int i = 0; i < 1_000; i++) {
            assertThat(second.pick(endpoints)).isSameAs(first.pick(endpoints));
        }
    }

    /** Fails the test if the balancer consults randomness at all. */
    private static final class ExplodingRandom implements RandomGenerator {
        @Override
        public long nextLong() {
            throw new AssertionError("randomness drawn");
        }
    }
}
