package dev.switchyard.core.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The usage ledger's writer: records wait in a queue of {@code queueCapacity}, are written in batches
 * of up to {@code batchSize} at least every {@code flushInterval}; when the queue is full they spill to
 * files under {@code spillDir}, replayed once the database takes writes again. While the database fails (or a
 * write hangs), no record waits in memory longer than {@code spillAfter}, nor more than {@code spillPending} of
 * them: they go to a spill file. At shutdown the ledger waits up to {@code shutdownTimeout} for its flush
 * (to the database when it answers, else to a spill file).
 */
public record LedgerConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillDir,
        Duration spillAfter, int spillPending, Duration shutdownTimeout) {

    public static final Duration DEFAULT_SPILL_AFTER = Duration.ofSeconds(1);
    public static final int DEFAULT_SPILL_PENDING = 1_000;
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    /** With the default spill bounds and shutdown timeout. */
    public LedgerConfig(int queueCapacity, int batchSize, Duration flushInterval, Path spillDir) {
        this(queueCapacity, batchSize, flushInterval, spillDir, DEFAULT_SPILL_AFTER, DEFAULT_SPILL_PENDING,
                DEFAULT_SHUTDOWN_TIMEOUT);
    }

    public static LedgerConfig defaults() {
        return new LedgerConfig(100_000, 500, Duration.ofMillis(200), Path.of("data", "spill"));
    }

    public LedgerConfig withSpillDir(Path dir) {
        return new LedgerConfig(queueCapacity, batchSize, flushInterval, dir, spillAfter, spillPending,
                shutdownTimeout);
    }

    public LedgerConfig withSpillBounds(Duration after, int pending) {
        return new LedgerConfig(queueCapacity, batchSize, flushInterval, spillDir, after, pending, shutdownTimeout);
    }

    public LedgerConfig withShutdownTimeout(Duration timeout) {
        return new LedgerConfig(queueCapacity, batchSize, flushInterval, spillDir, spillAfter, spillPending, timeout);
    }
}
