package dev.switchyard.registry.statics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.core.config.Peers;
import dev.switchyard.core.config.RegistryConfig.Peer;
import dev.switchyard.registry.Instance;
import dev.switchyard.testkit.MutableClock;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StaticRegistryTest {
    private final MutableClock clock = new MutableClock();
    private final List<Peer> peers = List.of(
            new Peer("claude", "c2", URI.create("http://127.0.0.1:7002"), "b", 2, Map.of("k", "v")),
            new Peer("claude", "c1", URI.create("http://127.0.0.1:7001"), "a", 1, Map.of()),
            new Peer("auth", "a1", URI.create("http://127.0.0.1:7101"), "", 1, Map.of()));

    @Test
    void instances_fromConfig_perRoleSortedById() {
        StaticRegistry r = new StaticRegistry(peers, clock);

        assertThat(r.instances("claude")).containsExactly(
                new Instance("claude", "c1", URI.create("http://127.0.0.1:7001"), "", "a", 1, Map.of(),
                        clock.instant()),
                new Instance("claude", "c2", URI.create("http://127.0.0.1:7002"), "", "b", 2, Map.of("k", "v"),
                        clock.instant()));
        assertThat(r.instances("auth")).extracting(Instance::id).containsExactly("a1");
        assertThat(r.instances("cache")).isEmpty();
    }

    @Test
    void watch_staticList_calledBackOnce() {
        StaticRegistry r = new StaticRegistry(peers, clock);
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();

        r.watch("claude", seen::add);

        assertThat(seen).hasSize(1);
        assertThat(seen.get(0)).extracting(Instance::id).containsExactly("c1", "c2");
    }

    @Test
    void registerAndDeregister_self_onlyChangeTheLocalList() {
        StaticRegistry r = new StaticRegistry(peers, clock);
        List<List<Instance>> seen = new CopyOnWriteArrayList<>();
        r.watch("claude", seen::add);
        Instance self = new Instance("claude", "c0", URI.create("http://127.0.0.1:7000"), "1", "", 1, Map.of(),
                Instant.EPOCH);

        assertThat(r.register(self).succeeded()).isTrue();
        assertThat(r.instances("claude")).extracting(Instance::id).containsExactly("c0", "c1", "c2");
        assertThat(r.deregister(self).succeeded()).isTrue();

        assertThat(r.instances("claude")).extracting(Instance::id).containsExactly("c1", "c2");
        assertThat(seen).hasSize(3);
    }

    @Test
    void peers_fromCommandLine_becomeInstances() {
        StaticRegistry r = new StaticRegistry(Peers.parse(List.of("claude=http://127.0.0.1:7001")), clock);

        assertThat(r.instances("claude")).extracting(Instance::id, Instance::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("claude@127.0.0.1:7001",
                        URI.create("http://127.0.0.1:7001")));
    }
}
