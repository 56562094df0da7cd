package dev.switchyard.registry.statics;

import dev.switchyard.core.config.RegistryConfig.Peer;
import dev.switchyard.registry.Instance;
import dev.switchyard.registry.ServiceRegistry;
import dev.switchyard.registry.cache.InstanceCache;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Instances listed in config (or given as {@code --peer ROLE=URL}): nothing outside this process is told of a
 * registration, so register and deregister only add or remove this process's own instance from its list, and
 * a watch is called once with the list (and again only if this process registers or deregisters itself).
 */
public final class StaticRegistry implements ServiceRegistry {
    private final InstanceCache cache = new InstanceCache();

    public StaticRegistry(List<Peer> peers, Clock clock) {
        Instant now = clock.instant();
        for (String role : peers.stream().map(Peer::role).distinct().toList()) {
            cache.replace(role, peers.stream().filter(p -> p.role().equals(role))
                    .map(p -> new Instance(p.role(), p.id(), p.address(), "", p.zone(), p.weight(), p.metadata(), now))
                    .toList());
        }
    }

    @Override
    public Future<Void> register(Instance self) {
        List<Instance> next = new ArrayList<>(others(self));
        next.add(self);
        cache.replace(self.role(), next);
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> deregister(Instance self) {
        cache.replace(self.role(), others(self));
        return Future.succeededFuture();
    }

    private List<Instance> others(Instance self) {
        return cache.instances(self.role()).stream().filter(i -> !i.id().equals(self.id())).toList();
    }

    @Override
    public List<Instance> instances(String role) {
        return cache.instances(role);
    }

    @Override
    public Runnable watch(String role, Consumer<List<Instance>> listener) {
        return cache.watch(role, listener);
    }

    @Override
    public Future<Void> close() {
        cache.clearWatchers();
        return Future.succeededFuture();
    }
}
