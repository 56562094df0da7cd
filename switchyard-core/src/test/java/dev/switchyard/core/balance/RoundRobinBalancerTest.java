package dev.switchyard.core.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoundRobinBalancerTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 7})
    void pick_manyPicks_exactlyEven(int size) {
        LoadBalancer balancer = new RoundRobinBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.several(size);
        List<FakeEndpoint> picks = new ArrayList<>();

        for (int i = 0; i < size * 1_000; i++) {
            picks.add(balancer.pick(endpoints));
        }

        assertThat(FakeEndpoint.count(endpoints, picks).values()).containsOnly(1_000);
    }

    @Test
    void pick_successivePicks_followListOrder() {
        LoadBalancer balancer = new RoundRobinBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.weights(1, 1, 1);
        List<FakeEndpoint> picks = new ArrayList<>();

        for (int i = 0; i < 9; i++) {
            picks.add(balancer.pick(endpoints));
        }

        assertThat(FakeEndpoint.names(picks)).isEqualTo("abcabcabc");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 7})
    void pick_concurrentThreads_stayExactlyEven(int size) throws Exception {
        LoadBalancer balancer = new RoundRobinBalancer();
        List<FakeEndpoint> endpoints = FakeEndpoint.several(size);
        AtomicIntegerArray counts = new AtomicIntegerArray(size);
        int threads = 8;
        int perThread = size * 5_000;

        Threads.runTogether(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                counts.incrementAndGet(endpoints.indexOf(balancer.pick(endpoints)));
            }
            return null;
        });

        for (int i = 0; i < size; i++) {
            assertThat(counts.get(i)).as("picks of e%d", i).isEqualTo(threads * 5_000);
        }
    }
}
