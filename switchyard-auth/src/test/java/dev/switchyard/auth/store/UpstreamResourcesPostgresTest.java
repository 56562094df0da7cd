package dev.switchyard.auth.store;

import dev.switchyard.claude.UpstreamResources;
import io.vertx.core.Vertx;

class UpstreamResourcesPostgresTest extends UpstreamResourcesContract {
    private StoreBackend.Opened opened;

    @Override
    UpstreamResources open(Vertx vertx) throws Exception {
        opened = StoreBackend.POSTGRESQL.open();
        return new JdbcUpstreamResources(vertx, opened.database());
    }

    @Override
    void close() throws Exception {
        opened.close();
    }
}
