package dev.switchyard.auth.ledger;

import dev.switchyard.auth.store.StoreBackend;

class UsageQueryH2Test extends UsageQueryContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
