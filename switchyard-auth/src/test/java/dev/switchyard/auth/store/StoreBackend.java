package dev.switchyard.auth.store;

import dev.switchyard.jdbc.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One database a contract test runs against; {@link #open()} once per test class, {@link #close()} after.
 * PostgreSQL gets a random schema that is dropped; H2 a temporary directory that is deleted.
 */
public enum StoreBackend {
    POSTGRESQL, H2;

    public Opened open() throws Exception {
        if (this == POSTGRESQL) {
            String schema = TestDatabases.randomSchema();
            return new Opened(TestDatabases.postgres(schema), () -> TestDatabases.dropSchema(schema));
        }
        Path dir = Files.createTempDirectory("switchyard-h2-");
        return new Opened(TestDatabases.embedded(dir), () -> deleteTree(dir));
    }

    private static void deleteTree(Path dir) throws Exception {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** An open database and how to get rid of it. */
    public record Opened(Database database, Cleanup cleanup) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            database.close();
            cleanup.run();
        }
    }

    @FunctionalInterface
    public interface Cleanup {
        void run() throws Exception;
    }
}
