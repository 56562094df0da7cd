package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class WeightedBalancerTest {

    private static List<FakeEndpoint> pickMany(LoadBalancer balancer, List<FakeEndpoint> candidates, int count) {
        List<FakeEndpoint> picks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            picks.add(balancer.pick(candidates));
        }
        return picks;
    }

    @ParameterizedTest
    @CsvSource({
        // nginx's documented sequence for 5:1:1
        "'5,1,1', aabacaa",
        "'1,1,1', abc",
        "'3,2', ababa",
        // the light endpoint lands mid-period instead of being bunched at the end
        "'10,1', aaaaabaaaaa",
        "'2,1', aba",
    })
    void pick_weights_followSmoothSequence(String weights, String period) {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(parse(weights));

        List<FakeEndpoint> picks = pickMany(balancer, endpoints, period.length() * 10);

        assertThat(FakeEndpoint.names(picks)).isEqualTo(period.repeat(10));
    }

    static Stream<Arguments> weightMatrix() {
        return Stream.of(
                Arguments.of((Object) new int[] {1, 1, 1}),
                Arguments.of((Object) new int[] {5, 1, 1}),
                Arguments.of((Object) new int[] {3, 2}),
                Arguments.of((Object) new int[] {10, 1}),
                Arguments.of((Object) new int[] {2, 3, 4}),
                Arguments.of((Object) new int[] {1, 2, 3, 4, 5}),
                Arguments.of((Object) new int[] {100, 1, 50}));
    }

    @ParameterizedTest
    @MethodSource("weightMatrix")
    void pick_weights_exactCountsInEveryPeriod(int[] weights) {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(weights);
        int total = Arrays.stream(weights).sum();

        for (int period = 0; period < 20; period++) {
            Map<String, Integer> counts = FakeEndpoint.count(endpoints, pickMany(balancer, endpoints, total));

            assertThat(counts.values()).as("period %d", period)
                    .containsExactlyElementsOf(Arrays.stream(weights).boxed().toList());
        }
    }

    @ParameterizedTest
    @MethodSource("weightMatrix")
    void pick_weights_noEndpointRunsLongerThanItsShareRequires(int[] weights) {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(weights);
        int total = Arrays.stream(weights).sum();
        List<FakeEndpoint> picks = pickMany(balancer, endpoints, total * 20);

        for (int i = 0; i < endpoints.size(); i++) {
            int others = total - weights[i];
            // Smoothness: the others' picks split this endpoint's into evenly sized runs.
            int allowedRun = others == 0 ? Integer.MAX_VALUE : (weights[i] + others - 1) / others + 1;
            assertThat(longestRun(picks, endpoints.get(i))).as("longest run of %s", endpoints.get(i))
                    .isLessThanOrEqualTo(allowedRun);
        }
    }

    @Test
    void pick_equalWeights_neverSameEndpointTwiceInARow() {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(1, 1, 1);

        List<FakeEndpoint> picks = pickMany(balancer, endpoints, 300);

        for (int i = 1; i < picks.size(); i++) {
            assertThat(picks.get(i)).as("pick %d", i).isNotSameAs(picks.get(i - 1));
        }
    }

    @Test
    void pick_endpointExcludedThenRestored_subsetSharesByWeightAndFullSetRecovers() {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> all = FakeEndpoint.weights(5, 1, 1);
        List<FakeEndpoint> withoutA = List.of(all.get(1), all.get(2));

        pickMany(balancer, all, 3); // stop mid-period so the state is uneven when a drops out
        List<FakeEndpoint> subsetPicks = pickMany(balancer, withoutA, 100);
        Map<String, Integer> subsetCounts = FakeEndpoint.count(all, subsetPicks);
        Map<String, Integer> restored = FakeEndpoint.count(all, pickMany(balancer, all, 700));

        assertThat(subsetCounts.get("a")).isZero();
        assertThat(subsetCounts.get("b")).isCloseTo(50, within(1));
        assertThat(subsetCounts.get("c")).isCloseTo(50, within(1));
        // The excluded endpoint picks up from where it left off: off by at most one period.
        assertThat(restored.get("a")).isCloseTo(500, within(7));
        assertThat(restored.get("b")).isCloseTo(100, within(7));
        assertThat(restored.get("c")).isCloseTo(100, within(7));
    }

    @Test
    void pick_subsetOfHeavyEndpoints_excludedLightOneNeverPickedRestExact() {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> all = FakeEndpoint.weights(3, 2, 1);
        pickMany(balancer, all, 6);

        Map<String, Integer> counts = FakeEndpoint.count(all, pickMany(balancer, all.subList(0, 2), 500));

        assertThat(counts).containsExactly(entry("a", 300), entry("b", 200), entry("c", 0));
    }

    @Test
    void pick_randomSubsetEachCall_picksTrackEachEndpointsShareOfTheCallsItWasIn() {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> all = FakeEndpoint.weights(5, 3, 1, 1);
        SplittableRandom random = new SplittableRandom(17);
        double[] expected = new double[all.size()];
        int[] actual = new int[all.size()];

        for (int call = 0; call < 20_000; call++) {
            List<FakeEndpoint> subset = new ArrayList<>();
            for (FakeEndpoint e : all) {
                if (random.nextInt(4) != 0) { // each endpoint excluded a quarter of the time
                    subset.add(e);
                }
            }
            if (subset.isEmpty()) {
                continue;
            }
            int total = subset.stream().mapToInt(FakeEndpoint::weight).sum();
            subset.forEach(e -> expected[all.indexOf(e)] += (double) e.weight() / total);
            FakeEndpoint picked = balancer.pick(subset);
            assertThat(subset).contains(picked);
            actual[all.indexOf(picked)]++;
        }

        // Smooth WRR keeps each endpoint within a couple of picks of its running share; plain
        // nginx state (debt kept in units of a total that keeps changing) drifts by over 100 here.
        for (int i = 0; i < all.size(); i++) {
            assertThat((double) actual[i]).as("picks of %s", all.get(i)).isCloseTo(expected[i], within(3.0));
        }
    }

    @Test
    void pick_freshEndpointObjectsEachCall_stateFollowsTheName() {
        LoadBalancer balancer = new WeightedBalancer();
        StringBuilder sequence = new StringBuilder();

        for (int i = 0; i < 14; i++) {
            // Callers rebuild the candidate list from live state, so identity is not stable.
            sequence.append(balancer.pick(FakeEndpoint.weights(5, 1, 1)).name());
        }

        assertThat(sequence).hasToString("aabacaa".repeat(2));
    }

    @Test
    void pick_weightChanged_followsTheNewRatio() {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(1, 1);
        pickMany(balancer, endpoints, 11);

        endpoints.get(1).setWeight(3);
        Map<String, Integer> counts = FakeEndpoint.count(endpoints, pickMany(balancer, endpoints, 400));

        assertThat(counts.get("a")).isCloseTo(100, within(2));
        assertThat(counts.get("b")).isCloseTo(300, within(2));
    }

    @Test
    void pick_twoBalancers_keepSeparateState() {
        LoadBalancer first = new WeightedBalancer();
        LoadBalancer second = new WeightedBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(5, 1, 1);
        pickMany(first, endpoints, 3);

        assertThat(FakeEndpoint.names(pickMany(second, endpoints, 7))).isEqualTo("aabacaa");
    }

    @Test
    void pick_concurrentThreads_exactCountsOverWholePeriods() throws Exception {
        LoadBalancer balancer = new WeightedBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(5, 1, 1);
        AtomicIntegerArray counts = new AtomicIntegerArray(3);

        Threads.runTogether(8, t -> {
            for (int i = 0; i < 7_000; i++) {
                counts.incrementAndGet(endpoints.indexOf(balancer.pick(endpoints)));
            }
            return null;
        });

        assertThat(new int[] {counts.get(0), counts.get(1), counts.get(2)}).containsExactly(40_000, 8_000, 8_000);
    }

    private static int[] parse(String weights) {
        return Arrays.stream(weights.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static int longestRun(List<FakeEndpoint> picks, FakeEndpoint endpoint) {
        int longest = 0;
        int run = 0;
        for (FakeEndpoint pick : picks) {
            run = pick == endpoint ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }
}
