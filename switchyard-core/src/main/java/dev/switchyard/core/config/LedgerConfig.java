package dev.switchyard.core.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The usage ledger's writer: records wait in a queue of {@code queueCapacity}, are written in batches
 * of up to {@code batchSize} at least every {@code flushInterval}; when the queue is full they spill to
 * files under {@code spillDir}, replayed once the database takes writes again.
 */
public record LedgerConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillDir) {

    public static LedgerConfig defaults() {
        return new LedgerConfig(100_000, 500, Duration.ofMillis(200), Path.of("data", "spill"));
    }

    public LedgerConfig withSpillDir(Path dir) {
        return new LedgerConfig(queueCapacity, batchSize, flushInterval, dir);
    }
}
