package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import dev.switchyard.registry.ServiceRegistry;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A registry whose instance list the test sets, telling watchers as a real backend would. */
final class FixedRegistry implements ServiceRegistry {
    private final List<Consumer<List<Instance>>> watchers = new CopyOnWriteArrayList<>();
    private volatile List<Instance> instances;

    FixedRegistry(List<Instance> instances) {
        this.instances = List.copyOf(instances);
    }

    void set(List<Instance> now) {
        instances = List.copyOf(now);
        watchers.forEach(watcher -> watcher.accept(instances));
    }

    @Override
    public Future<Void> register(Instance self) {
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> deregister(Instance self) {
        return Future.succeededFuture();
    }

    @Override
    public List<Instance> instances(String role) {
        return instances;
    }

    @Override
    public Runnable watch(String role, Consumer<List<Instance>> listener) {
        watchers.add(listener);
        listener.accept(instances);
        return () -> watchers.remove(listener);
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
