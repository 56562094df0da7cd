package dev.switchyard.auth.store;

import dev.switchyard.claude.UpstreamResources;
import io.vertx.core.Vertx;

class UpstreamResourcesH2Test extends UpstreamResourcesContract {
    private StoreBackend.Opened opened;

    @Override
    UpstreamResources open(Vertx vertx) throws Exception {
        opened = StoreBackend.H2.open();
        return new JdbcUpstreamResources(vertx, opened.database());
    }

    @Override
    void close() throws Exception {
        opened.close();
    }
}
