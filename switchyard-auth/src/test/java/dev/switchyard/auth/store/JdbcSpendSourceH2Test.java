package dev.switchyard.auth.store;

class JdbcSpendSourceH2Test extends SpendSourceContract {
    @Override
    StoreBackend backend() {
        return StoreBackend.H2;
    }
}
