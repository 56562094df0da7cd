package dev.switchyard.core.health;

import java.util.List;

/**
 * Something that knows its own dependencies: a service whose set of databases can change while it runs
 * (a conversation shard added) is asked again on every check.
 */
@FunctionalInterface
public interface DependencySource {
    List<DependencyCheck> dependencyChecks();

    static DependencySource of(DependencyCheck... checks) {
        List<DependencyCheck> list = List.of(checks);
        return () -> list;
    }
}
