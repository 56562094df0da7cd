package dev.switchyard.auth.ledger;

import dev.switchyard.auth.store.StoreBackend;

class JdbcUsageLedgerH2Test extends LedgerContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
