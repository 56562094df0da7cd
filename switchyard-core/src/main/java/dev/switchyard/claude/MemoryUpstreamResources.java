package dev.switchyard.claude;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link UpstreamResources} in this process only, for a gateway without a store (config-file keys):
 * ids are forgotten on restart, and past {@code capacity} the oldest go first. One lock: these calls
 * are a few per batch or file, never per Messages request.
 */
public final class MemoryUpstreamResources implements UpstreamResources {
    private static final Comparator<UpstreamResource> NEWEST_FIRST = Comparator
            .comparing(UpstreamResource::createdAt).thenComparing(UpstreamResource::id).reversed();
    private final int capacity;
    private final Map<String, UpstreamResource> byId = new LinkedHashMap<>();

    public MemoryUpstreamResources(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized Future<Void> remember(UpstreamResource resource) {
        byId.put(resource.id(), resource);
        while (byId.size() > capacity) {
            byId.remove(byId.keySet().iterator().next());
        }
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<UpstreamResource> find(String id) {
        return Future.succeededFuture(byId.get(id));
    }

    @Override
    public synchronized Future<Void> forget(String id) {
        byId.remove(id);
        return Future.succeededFuture();
    }

    @Override
    public synchronized Future<Page> list(UpstreamResource.Kind kind, String tenantId, String beforeId,
            String afterId, int limit) {
        List<UpstreamResource> all = new ArrayList<>();
        for (UpstreamResource r : byId.values()) {
            if (r.kind() == kind && r.tenantId().equals(tenantId)) {
                all.add(r);
            }
        }
        all.sort(NEWEST_FIRST);
        return Future.succeededFuture(Pages.slice(all, beforeId, afterId, limit));
    }

    @Override
    public synchronized Future<Boolean> markRecorded(String id) {
        UpstreamResource r = byId.get(id);
        if (r == null || r.resultsRecorded()) {
            return Future.succeededFuture(false);
        }
        byId.put(id, new UpstreamResource(r.id(), r.kind(), r.deployment(), r.tenantId(), r.keyId(), r.createdAt(),
                true));
        return Future.succeededFuture(true);
    }
}
