package dev.switchyard.auth.store;

class JdbcKeyStoreH2Test extends KeyStoreContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
