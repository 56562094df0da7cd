package dev.switchyard.auth.ledger;

import dev.switchyard.auth.store.StoreBackend;

class UsageQueryPostgresTest extends UsageQueryContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
