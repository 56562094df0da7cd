package dev.switchyard.registry.cache;

import dev.switchyard.registry.Instance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The discovery cache every backend keeps: each role's instances, sorted by id, and the watchers told of a
 * role's whole new list only when it changed (re-resolving the same records tells nobody). Listeners run on
 * the thread that changed the cache, one change at a time; a listener that throws is logged and skipped,
 * because an observer must not stop discovery for the others.
 */
public final class InstanceCache {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceCache.class);
    private static final Comparator<Instance> BY_ID = Comparator.comparing(Instance::id);

    private final Map<String, List<Instance>> byRole = new HashMap<>();
    private final Map<String, List<Consumer<List<Instance>>>> watchers = new HashMap<>();

    public synchronized List<Instance> instances(String role) {
        return byRole.getOrDefault(role, List.of());
    }

    /** Sets a role's instances; tells its watchers when the list differs from the one before. */
    public synchronized void replace(String role, List<Instance> now) {
        List<Instance> sorted = new ArrayList<>(now);
        sorted.sort(BY_ID);
        List<Instance> next = List.copyOf(sorted);
        if (next.equals(byRole.getOrDefault(role, List.of()))) {
            return;
        }
        byRole.put(role, next);
        for (Consumer<List<Instance>> l : watchers.getOrDefault(role, List.of())) {
            tell(l, next);
        }
    }

    /** Calls {@code listener} with the role's list now and on each change; the handle stops it. */
    public synchronized Runnable watch(String role, Consumer<List<Instance>> listener) {
        watchers.computeIfAbsent(role, r -> new CopyOnWriteArrayList<>()).add(listener);
        tell(listener, instances(role));
        return () -> {
            synchronized (this) {
                watchers.getOrDefault(role, List.of()).remove(listener);
            }
        };
    }

    public synchronized void clearWatchers() {
        watchers.clear();
    }

    private static void tell(Consumer<List<Instance>> listener, List<Instance> list) {
        try {
            listener.accept(list);
        } catch (RuntimeException e) {
            LOG.warn("registry watcher failed ({}); others are still told", e.toString());
        }
    }
}
