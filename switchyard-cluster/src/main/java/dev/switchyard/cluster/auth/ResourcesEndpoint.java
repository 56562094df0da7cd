package dev.switchyard.cluster.auth;

import dev.switchyard.claude.UpstreamResources;
import dev.switchyard.cluster.RpcCall;
import dev.switchyard.cluster.RpcHandler;
import java.util.Map;

/** The auth role's store of batches and files, for gateways in other processes. */
public final class ResourcesEndpoint {
    private final UpstreamResources resources;

    public ResourcesEndpoint(UpstreamResources resources) {
        this.resources = resources;
    }

    public Map<String, RpcHandler> routes() {
        return Map.of(route(ResourcesWire.REMEMBER), this::remember, route(ResourcesWire.FIND), this::find,
                route(ResourcesWire.FORGET), this::forget, route(ResourcesWire.LIST), this::list,
                route(ResourcesWire.MARK), this::mark);
    }

    private static String route(String method) {
        return AuthWire.ROLE + "/" + method;
    }

    private void remember(RpcCall call) {
        call.complete(resources.remember(call.bodyAs(ResourcesWire.Found.class).toResource()), v -> null);
    }

    private void find(RpcCall call) {
        call.complete(resources.find(call.bodyAs(ResourcesWire.Id.class).id()), ResourcesWire.Found::of);
    }

    private void forget(RpcCall call) {
        call.complete(resources.forget(call.bodyAs(ResourcesWire.Id.class).id()), v -> null);
    }

    private void list(RpcCall call) {
        ResourcesWire.List q = call.bodyAs(ResourcesWire.List.class);
        call.complete(resources.list(q.kind(), q.tenantId(), q.beforeId(), q.afterId(), q.limit()),
                ResourcesWire.Page::of);
    }

    private void mark(RpcCall call) {
        call.complete(resources.markRecorded(call.bodyAs(ResourcesWire.Id.class).id()), ResourcesWire.Marked::new);
    }
}
