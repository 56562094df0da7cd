package dev.switchyard.registry.kubernetes;

import dev.switchyard.registry.Instance;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One role's view of its Service's EndpointSlices, fed by an informer: the instances of every slice,
 * merged, and the watchers told whenever that list changes. A pod in two slices at once (the controller
 * moving it) counts once.
 */
final class RoleSlices implements ResourceEventHandler<EndpointSlice> {
    private static final Logger log = LoggerFactory.getLogger(RoleSlices.class);

    private final String role;
    private final RoleService service;
    private final Clock clock;
    private final Map<String, List<Instance>> bySlice = new HashMap<>();
    private final Map<String, Instant> firstSeen = new HashMap<>();
    private final List<Consumer<List<Instance>>> watchers = new CopyOnWriteArrayList<>();
    private volatile List<Instance> current = List.of();

    RoleSlices(String role, RoleService service, Clock clock) {
        this.role = role;
        this.service = service;
        this.clock = clock;
    }

    List<Instance> current() {
        return current;
    }

    Runnable watch(Consumer<List<Instance>> watcher) {
        watchers.add(watcher);
        tell(watcher, current);
        return () -> watchers.remove(watcher);
    }

    @Override
    public void onAdd(EndpointSlice slice) {
        put(slice);
    }

    @Override
    public void onUpdate(EndpointSlice old, EndpointSlice slice) {
        put(slice);
    }

    @Override
    public void onDelete(EndpointSlice slice, boolean finalStateUnknown) {
        List<Instance> changed;
        synchronized (this) {
            bySlice.remove(slice.getMetadata().getName());
            changed = recompute();
        }
        publish(changed);
    }

    private void put(EndpointSlice slice) {
        List<Instance> changed;
        synchronized (this) {
            bySlice.put(slice.getMetadata().getName(), SliceInstances.of(role, service, slice, this::seen));
            changed = recompute();
        }
        publish(changed);
    }

    private Instant seen(String id) {
        return firstSeen.computeIfAbsent(id, ignored -> clock.instant());
    }

    /** The merged list when it differs from the current one, else null. */
    private List<Instance> recompute() {
        Map<String, Instance> byId = new LinkedHashMap<>();
        bySlice.values().forEach(list -> list.forEach(instance -> byId.putIfAbsent(instance.id(), instance)));
        firstSeen.keySet().retainAll(byId.keySet());
        List<Instance> merged = byId.values().stream().sorted(Comparator.comparing(Instance::id)).toList();
        if (merged.equals(current)) {
            return null;
        }
        current = merged;
        return merged;
    }

    private void publish(List<Instance> changed) {
        if (changed == null) {
            return;
        }
        log.info("role {}: {} ready instance(s) in service {}/{}", role, changed.size(), service.namespace(),
                service.service());
        watchers.forEach(watcher -> tell(watcher, changed));
    }

    private void tell(Consumer<List<Instance>> watcher, List<Instance> instances) {
        try {
            watcher.accept(instances);
        } catch (RuntimeException e) {
            log.warn("registry watcher of role {} failed", role, e);
        }
    }
}
