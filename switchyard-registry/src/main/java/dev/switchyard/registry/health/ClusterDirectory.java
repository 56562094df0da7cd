package dev.switchyard.registry.health;

import dev.switchyard.registry.Instance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The instance directory over the health-checked sets of the roles this process calls remotely, plus its
 * own local roles. A local instance is shown healthy and in rotation (it is called in-process, nothing
 * checks it from here); when a set also lists it (this process registered itself), the set's view is
 * shown, marked local.
 */
public final class ClusterDirectory implements InstanceDirectory {
    private static final Comparator<InstanceView> ORDER =
            Comparator.comparing(InstanceView::role).thenComparing(InstanceView::id);

    private final Supplier<? extends Collection<InstanceSet>> sets;
    private final List<Instance> local;

    /**
     * @param sets the sets now (asked on every call, so sets made later show up)
     * @param local this process's own instances, one per role it serves
     */
    public ClusterDirectory(Supplier<? extends Collection<InstanceSet>> sets, List<Instance> local) {
        this.sets = sets;
        this.local = List.copyOf(local);
    }

    /** Only this process's roles: the directory of a process that calls nothing remotely. */
    public static ClusterDirectory localOnly(List<Instance> local) {
        return new ClusterDirectory(List::of, local);
    }

    @Override
    public List<InstanceView> instances() {
        Set<String> localKeys = new HashSet<>();
        local.forEach(i -> localKeys.add(key(i.role(), i.id())));
        List<InstanceView> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (InstanceSet set : sets.get()) {
            for (InstanceView view : set.views()) {
                String key = key(view.role(), view.id());
                seen.add(key);
                out.add(localKeys.contains(key) ? view.asLocal() : view);
            }
        }
        for (Instance instance : local) {
            if (!seen.contains(key(instance.role(), instance.id()))) {
                out.add(localView(instance));
            }
        }
        out.sort(ORDER);
        return out;
    }

    private static InstanceView localView(Instance instance) {
        return new InstanceView(instance.role(), instance.id(), instance.address(), instance.version(), instance.zone(),
                HealthState.HEALTHY, null, 0, 0, instance.registeredAt(), true, true);
    }

    private static String key(String role, String id) {
        return role + "\u0000" + id;
    }
}
