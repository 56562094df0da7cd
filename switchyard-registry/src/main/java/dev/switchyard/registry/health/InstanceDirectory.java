package dev.switchyard.registry.health;

import java.util.List;

/** Every instance this process knows of, for {@code GET /admin/instances}: its own roles and the others'. */
@FunctionalInterface
public interface InstanceDirectory {
    /** A snapshot, ordered by role, then id. */
    List<InstanceView> instances();
}
