package dev.switchyard.registry.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.registry.Instance;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InstanceCacheTest {
    private final InstanceCache cache = new InstanceCache();

    private static Instance claude(String id) {
        return new Instance("claude", id, URI.create("http://127.0.0.1:7001"), "", "", 1, Map.of(), Instant.EPOCH);
    }

    @Test
    void replace_sameInstancesInAnotherOrder_tellsNobody() {
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        cache.replace("claude", List.of(claude("b"), claude("a")));
        cache.watch("claude", seen::add);

        cache.replace("claude", List.of(claude("a"), claude("b")));

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).extracting(Instance::id).containsExactly("a", "b");
    }

    @Test
    void replace_listenerThrows_otherListenersStillTold() {
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        cache.watch("claude", list -> {
            throw new IllegalStateException("broken observer");
        });
        cache.watch("claude", seen::add);

        cache.replace("claude", List.of(claude("a")));

        assertThat(seen).hasSize(2);
        assertThat(seen.getLast()).extracting(Instance::id).containsExactly("a");
    }

    @Test
    void watch_handleRun_listenerNoLongerTold() {
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        Runnable stop = cache.watch("claude", seen::add);

        stop.run();
        cache.replace("claude", List.of(claude("a")));

        assertThat(seen).hasSize(1);
        assertThat(cache.instances("claude")).hasSize(1);
    }
}
