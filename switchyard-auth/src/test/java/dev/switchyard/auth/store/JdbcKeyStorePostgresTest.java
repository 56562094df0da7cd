package dev.switchyard.auth.store;

class JdbcKeyStorePostgresTest extends KeyStoreContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.POSTGRESQL;
    }
}
