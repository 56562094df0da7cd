package dev.switchyard.cluster.auth;

import dev.switchyard.claude.UpstreamResource;
import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.cluster.RoleClient;
import io.vertx.core.Future;

/**
 * {@link UpstreamResources} in the auth role's store, for a gateway whose auth role runs elsewhere. Reads
 * and marks are safe to try on another instance; a remember is not retried after sending (the row may be in).
 */
public final class RemoteUpstreamResources implements UpstreamResources {
    private final RoleClient client;

    public RemoteUpstreamResources(RoleClient client) {
        this.client = client;
    }

    @Override
    public Future<Void> remember(UpstreamResource resource) {
        return client.call(ResourcesWire.REMEMBER, ResourcesWire.Found.of(resource), Void.class, false,
                resource.id());
    }

    @Override
    public Future<UpstreamResource> find(String id) {
        return client.call(ResourcesWire.FIND, new ResourcesWire.Id(id), ResourcesWire.Found.class, true, id)
                .map(ResourcesWire.Found::toResource);
    }

    @Override
    public Future<Void> forget(String id) {
        return client.call(ResourcesWire.FORGET, new ResourcesWire.Id(id), Void.class, true, id);
    }

    @Override
    public Future<Page> list(UpstreamResource.Kind kind, String tenantId, String beforeId, String afterId,
            int limit) {
        return client.call(ResourcesWire.LIST, new ResourcesWire.List(kind, tenantId, beforeId, afterId, limit),
                ResourcesWire.Page.class, true, tenantId).map(ResourcesWire.Page::toPage);
    }

    @Override
    public Future<Boolean> markRecorded(String id) {
        return client.call(ResourcesWire.MARK, new ResourcesWire.Id(id), ResourcesWire.Marked.class, true, id)
                .map(ResourcesWire.Marked::marked);
    }
}
