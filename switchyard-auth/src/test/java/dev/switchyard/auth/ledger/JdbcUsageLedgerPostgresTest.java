package dev.switchyard.auth.ledger;

import dev.switchyard.auth.store.StoreBackend;

class JdbcUsageLedgerPostgresTest extends LedgerContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
