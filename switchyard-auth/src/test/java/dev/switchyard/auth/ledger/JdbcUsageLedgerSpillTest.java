package dev.switchyard.auth.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.core.config.LedgerConfig;
import dev.switchyard.jdbc.Dialect;
import dev.switchyard.testkit.MutableClock;
import dev.switchyard.usage.UsageRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long records may wait in memory while the database fails or hangs: the bound is on the injected clock,
 * which the tests move; "not yet" is checked after the spill thread has looked at the queue a few times.
 */
class JdbcUsageLedgerSpillTest {
    private static final Duration SPILL_AFTER = Duration.ofSeconds(1);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final List<JdbcUsageLedger> ledgers = new ArrayList<>();

    @TempDir
    Path spillDir;

    @AfterEach
    void tearDown() {
        release.countDown();
        ledgers.forEach(JdbcUsageLedger::close);
    }

    @Test
    void databaseFailing_recordsOlderThanSpillAfter_areSpilledWithoutAFullQueue() throws Exception {
        JdbcUsageLedger ledger = ledger(failing(), Duration.ofSeconds(5));
        ledger.record(Usage.record("req-first", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.SPILLED) == 1);
        awaitGuardTicks(ledger, 2);

        for (int i = 0; i < 5; i++) {
            ledger.record(Usage.record("req-" + i, 1));
        }
        awaitGuardTicks(ledger, 3);
        assertThat(counter(LedgerMetrics.SPILLED)).as("younger than spill_after: still in memory").isEqualTo(1);
        clock.advance(SPILL_AFTER);

        await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.SPILLED) == 6);
        assertThat(spilledIds()).hasSize(6).contains("req-first", "req-0", "req-4");
        assertThat(counter(LedgerMetrics.DROPPED)).isZero();
    }

    @Test
    void databaseFailing_spillPendingRecordsQueued_areSpilledAtOnce() throws Exception {
        JdbcUsageLedger ledger = ledger(failing(), Duration.ofSeconds(5));
        ledger.record(Usage.record("req-first", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.SPILLED) == 1);
        awaitGuardTicks(ledger, 2);

        for (int i = 0; i < 1_000; i++) {
            ledger.record(Usage.record("req-" + i, 1));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.SPILLED) == 1_001);
    }

    @Test
    void writeHangs_pastSpillAfter_itsBatchAndTheQueueAreSpilledOnce() throws Exception {
        JdbcUsageLedger ledger = ledger(hanging(), Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            ledger.record(Usage.record("req-batch-" + i, 1));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        ledger.record(Usage.record("req-queued", 1));
        awaitGuardTicks(ledger, 3);
        assertThat(counter(LedgerMetrics.SPILLED)).as("not hung yet by the clock").isZero();

        clock.advance(SPILL_AFTER);

        await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.SPILLED) == 4);
        release.countDown(); // the hung call now fails: its batch is on disk already, not spilled twice
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.WRITE_FAILURES) >= 1);
        awaitGuardTicks(ledger, 3);
        assertThat(counter(LedgerMetrics.SPILLED)).isEqualTo(4);
        assertThat(spilledIds()).containsExactlyInAnyOrder("req-batch-0", "req-batch-1", "req-batch-2", "req-queued");
    }

    @Test
    void close_whileDatabaseFailing_spillsWithoutWaitingForTheShutdownTimeout() throws Exception {
        JdbcUsageLedger ledger = ledger(failing(), Duration.ofMinutes(5));
        ledger.record(Usage.record("req-first", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.WRITE_FAILURES) >= 1);
        for (int i = 0; i < 10; i++) {
            ledger.record(Usage.record("req-" + i, 1));
        }

        long start = System.nanoTime();
        ledger.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));
        assertThat(spilledIds()).hasSize(11);
    }

    @Test
    void close_writeHangsPastTheShutdownTimeout_spillsACopyOfItsBatchAndTheQueue() throws Exception {
        JdbcUsageLedger ledger = ledger(hanging(), Duration.ofMillis(300));
        for (int i = 0; i < 3; i++) {
            ledger.record(Usage.record("req-batch-" + i, 1));
        }
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        ledger.record(Usage.record("req-queued", 1));

        ledger.close();

        assertThat(spilledIds()).containsExactlyInAnyOrder("req-batch-0", "req-batch-1", "req-batch-2", "req-queued");
    }

    private JdbcUsageLedger ledger(DataSource dataSource, Duration shutdownTimeout) {
        LedgerConfig config = new LedgerConfig(100_000, 500, Duration.ofMillis(20), spillDir)
                .withSpillBounds(SPILL_AFTER, 1_000);
        JdbcUsageLedger ledger = new JdbcUsageLedger(dataSource, Dialect.H2, config, clock, registry,
                shutdownTimeout);
        ledgers.add(ledger);
        return ledger;
    }

    private void awaitGuardTicks(JdbcUsageLedger ledger, int more) {
        long target = ledger.guardTicks() + more;
        await().atMost(Duration.ofSeconds(10)).until(() -> ledger.guardTicks() >= target);
    }

    private Set<String> spilledIds() throws Exception {
        SpillFiles files = new SpillFiles(spillDir, clock);
        List<String> ids = new ArrayList<>();
        for (Path file : files.ready()) {
            files.read(file).records().stream().map(UsageRecord::requestId).forEach(ids::add);
        }
        Set<String> unique = new HashSet<>(ids);
        assertThat(unique).as("no record spilled twice").hasSameSizeAs(ids);
        return unique;
    }

    private long counter(String name) {
        return (long) registry.get(name).counter().count();
    }

    /** A database that refuses every connection. */
    private static DataSource failing() {
        return dataSource(() -> {
            throw new SQLTransientConnectionException("connection refused", "08001");
        });
    }

    /** A database whose first connection hangs until the test releases it, then fails like the rest. */
    private DataSource hanging() {
        return dataSource(() -> {
            entered.countDown();
            release.await(30, TimeUnit.SECONDS);
            throw new SQLTransientConnectionException("connection timed out", "08001");
        });
    }

    private static DataSource dataSource(Connect connect) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connect.run();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @FunctionalInterface
    private interface Connect {
        void run() throws SQLException, InterruptedException;
    }
}
