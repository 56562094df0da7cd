package dev.switchyard.auth.store;

class JdbcSpendSourcePostgresTest extends SpendSourceContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
