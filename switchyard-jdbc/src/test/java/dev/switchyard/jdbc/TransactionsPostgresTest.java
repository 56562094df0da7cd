package dev.switchyard.jdbc;

class TransactionsPostgresTest extends TransactionsContract {
    private final String schema = TestDatabases.randomSchema();

    @Override
    Database open() {
        return TestDatabases.postgres(schema);
    }

    @Override
    void dispose() throws Exception {
        TestDatabases.dropSchema(schema);
    }
}
