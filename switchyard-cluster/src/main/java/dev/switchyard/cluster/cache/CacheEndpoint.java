package dev.switchyard.cluster.cache;

import dev.switchyard.cache.CacheService;
import dev.switchyard.cluster.RpcCall;
import dev.switchyard.cluster.RpcHandler;
import dev.switchyard.cluster.cache.CacheWire.Entry;
import dev.switchyard.cluster.cache.CacheWire.Put;
import dev.switchyard.cluster.cache.CacheWire.Removed;
import dev.switchyard.cluster.cache.CacheWire.Tenant;
import dev.switchyard.cluster.cache.CacheWire.Value;
import java.util.Map;

/** The cache role on the role port: each call goes to the local {@link CacheService} (which never fails). */
public final class CacheEndpoint {
    private final CacheService cache;

    public CacheEndpoint(CacheService cache) {
        this.cache = cache;
    }

    public Map<String, RpcHandler> routes() {
        return Map.of(
                CacheWire.ROLE + "/" + CacheWire.GET, this::get,
                CacheWire.ROLE + "/" + CacheWire.PUT, this::put,
                CacheWire.ROLE + "/" + CacheWire.DELETE, this::delete,
                CacheWire.ROLE + "/" + CacheWire.PURGE_TENANT, this::purgeTenant);
    }

    private void get(RpcCall call) {
        Entry e = call.bodyAs(Entry.class);
        call.complete(cache.get(e.kind(), e.tenant(), e.key()), Value::new);
    }

    private void put(RpcCall call) {
        Put p = call.bodyAs(Put.class);
        call.complete(cache.put(p.kind(), p.tenant(), p.key(), p.value()), v -> Map.of());
    }

    private void delete(RpcCall call) {
        Entry e = call.bodyAs(Entry.class);
        call.complete(cache.delete(e.kind(), e.tenant(), e.key()), v -> Map.of());
    }

    private void purgeTenant(RpcCall call) {
        Tenant t = call.bodyAs(Tenant.class);
        call.complete(cache.purgeTenant(t.tenant()), n -> new Removed(n == null ? 0 : n));
    }
}
