package dev.switchyard.core.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HashRingTest {
    private static Map<String, String> nodes(int n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("node-" + i, "node-" + i);
        }
        return m;
    }

    @ParameterizedTest
    @CsvSource({"2,100", "3,100", "5,100", "10,100", "10,200"})
    void with_addingANode_movesAboutOneNthOfTheKeysAllToTheNewNode(int n, int vnodes) {
        HashRing<String> before = HashRing.of(nodes(n), vnodes);
        HashRing<String> after = before.with("node-new", "node-new");
        int keys = 50_000;
        int moved = 0;
        for (int k = 0; k < keys; k++) {
            String key = "conversation-" + k;
            String a = before.node(key);
            String b = after.node(key);
            if (!a.equals(b)) {
                moved++;
                assertThat(b).as("a key only ever moves to the new node").isEqualTo("node-new");
            }
        }
        double expected = 1.0 / (n + 1);
        assertThat(moved / (double) keys).isBetween(expected * 0.6, expected * 1.4);
    }

    @Test
    void node_manyKeys_spreadEvenlyWithVirtualNodes() {
        HashRing<String> ring = HashRing.of(nodes(8), 100);
        Map<String, Integer> counts = new HashMap<>();
        for (int k = 0; k < 80_000; k++) {
            counts.merge(ring.node("k" + k), 1, Integer::sum);
        }
        assertThat(counts).hasSize(8);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(7_000, 13_000));
    }

    @Test
    void node_sameNamesInAnotherOrder_sameOwners() {
        Map<String, String> reversed = new LinkedHashMap<>();
        nodes(5).entrySet().stream().sorted(Map.Entry.<String, String>comparingByKey().reversed())
                .forEach(e -> reversed.put(e.getKey(), e.getValue()));
        HashRing<String> a = HashRing.of(nodes(5), 50);
        HashRing<String> b = HashRing.of(reversed, 50);
        for (int k = 0; k < 1000; k++) {
            assertThat(b.node("k" + k)).isEqualTo(a.node("k" + k));
        }
    }

    @Test
    void without_removingANode_movesOnlyItsKeys() {
        HashRing<String> ring = HashRing.of(nodes(4), 100);
        HashRing<String> smaller = ring.without("node-2");
        for (int k = 0; k < 10_000; k++) {
            String before = ring.node("k" + k);
            if (!before.equals("node-2")) {
                assertThat(smaller.node("k" + k)).isEqualTo(before);
            }
        }
    }

    @Test
    void node_emptyRing_failsClearly() {
        assertThatThrownBy(() -> HashRing.<String>of(Map.of(), 10).node("k")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HashRing.of(nodes(1), 0)).hasMessageContaining("virtualNodes");
    }
}
