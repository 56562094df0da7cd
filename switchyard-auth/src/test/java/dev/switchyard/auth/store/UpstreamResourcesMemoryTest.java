package dev.switchyard.auth.store;

import dev.switchyard.claude.MemoryUpstreamResources;
import dev.switchyard.claude.UpstreamResources;
import io.vertx.core.Vertx;

/** The in-memory store keeps the same contract as the database's. */
class UpstreamResourcesMemoryTest extends UpstreamResourcesContract {
    @Override
    UpstreamResources open(Vertx vertx) {
        return new MemoryUpstreamResources(1000);
    }
}
