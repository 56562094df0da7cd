package dev.switchyard.jdbc;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class TransactionsH2Test extends TransactionsContract {
    @TempDir
    Path dir;

    @Override
    Database open() {
        return TestDatabases.embedded(dir);
    }

    @Override
    void dispose() {
        // @TempDir deletes the file
    }
}
