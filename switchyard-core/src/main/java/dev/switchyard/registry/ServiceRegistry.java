package dev.switchyard.registry;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * Register, deregister, discover: the service registry of the distributed deployment. Backends (static,
 * dns, etcd, kubernetes) implement it in {@code switchyard-registry}. Discovery is served from a cache
 * kept current by the backend's watch (or re-resolution period), never by a backend call per request.
 * Async methods never throw: they return failed futures.
 */
public interface ServiceRegistry {
    /** Registers this process's instance and keeps its lease alive until {@link #deregister}. */
    Future<Void> register(Instance self);

    /** Removes this process's instance (before draining), so callers stop choosing it. */
    Future<Void> deregister(Instance self);

    /** The instances of a role known now (from the cache); empty when none. */
    List<Instance> instances(String role);

    /** Calls {@code listener} with the role's full instance list now and on every change; returns a handle that stops it. */
    Runnable watch(String role, Consumer<List<Instance>> listener);

    Future<Void> close();
}
