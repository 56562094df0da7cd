package dev.switchyard.claude;

import io.vertx.core.Future;
import java.util.List;

/**
 * Which deployment holds each object clients created through the gateway, and whose it is. Durable
 * where the gateway has a store (the auth database), so an id keeps its deployment across restarts
 * and replicas; in memory otherwise. Methods never throw: a store failure fails the future.
 */
public interface UpstreamResources {

    Future<Void> remember(UpstreamResource resource);

    /** The resource, or null when this id was never created through the gateway (or was forgotten). */
    Future<UpstreamResource> find(String id);

    Future<Void> forget(String id);

    /** A tenant's resources of one kind, newest first, after {@code afterId} or before {@code beforeId} (either null). */
    Future<Page> list(UpstreamResource.Kind kind, String tenantId, String beforeId, String afterId, int limit);

    /** Marks a batch's results as written to the ledger; false when they already were. */
    Future<Boolean> markRecorded(String id);

    /** One page of a listing; {@code hasMore}: there are more beyond it in the direction asked. */
    record Page(List<UpstreamResource> items, boolean hasMore) {}
}
