package dev.switchyard.auth.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.store.StoreBackend;
import dev.switchyard.auth.store.TestDatabases;
import dev.switchyard.core.config.LedgerConfig;
import dev.switchyard.usage.UsageRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcUsageLedger} on a healthy database, run once per database by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LedgerContract {
    private static final LocalDate DAY = LocalDate.of(2025, 3, 1);

    private StoreBackend.Opened opened;
    private DataSource dataSource;
    private final List<JdbcUsageLedger> ledgers = new ArrayList<>();
    private MeterRegistry registry;

    @TempDir
    Path spillDir;

    abstract StoreBackend backend();

    @BeforeAll
    void openDatabase() throws Exception {
        opened = backend().open();
        dataSource = opened.database().dataSource();
    }

    @AfterAll
    void closeDatabase() throws Exception {
        opened.close();
    }

    @BeforeEach
    void emptyTables() throws Exception {
        TestDatabases.clear(dataSource);
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void closeLedgers() {
        ledgers.forEach(JdbcUsageLedger::close);
        ledgers.clear();
    }

    @Test
    void record_manyRecords_writtenInBatchesWithTheirSpend() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        JdbcUsageLedger ledger = ledger(counting(dataSource, connections), new LedgerConfig(10_000, 100,
                Duration.ofMillis(50), spillDir));

        for (int i = 0; i < 1_000; i++) {
            ledger.record(Usage.record("req-" + i, 3));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> Usage.rows(dataSource) == 1_000);
        assertThat(connections.get()).isLessThanOrEqualTo(1_000 / 10);
        assertThat(Usage.spend(dataSource, "key:key_a", DAY)).isEqualTo(3_000);
        assertThat(Usage.spend(dataSource, "tenant:team-a", DAY)).isEqualTo(3_000);
        assertThat(counter(LedgerMetrics.WRITTEN)).isEqualTo(1_000);
        assertThat(counter(LedgerMetrics.DROPPED)).isZero();
    }

    @Test
    void record_withFilterFindings_storedInFilterActionsColumn() throws Exception {
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(100, 10, Duration.ofMillis(20), spillDir));
        UsageRecord plain = Usage.record("req-filtered", 1);
        ledger.record(new UsageRecord(plain.time(), plain.requestId(), plain.keyId(), plain.tenantId(),
                plain.userId(), plain.modelAsked(), plain.modelServed(), plain.deployment(), 1, 1, 0, 0, 1, 1, -1,
                200, 0, false, false, 0, "EMAIL:redact,PHONE:redact"));
        ledger.record(Usage.record("req-unfiltered", 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> Usage.rows(dataSource) == 2);
        try (var c = dataSource.getConnection(); var s = c.createStatement();
                var rows = s.executeQuery("SELECT request_id, filter_actions FROM usage_records ORDER BY request_id")) {
            rows.next();
            assertThat(rows.getString(2)).isEqualTo("EMAIL:redact,PHONE:redact");
            rows.next();
            assertThat(rows.getString(2)).isNull();
        }
    }

    @Test
    void close_withRecordsStillQueued_writesThemAllWithoutWaitingForTheFlushInterval() throws Exception {
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(10_000, 10_000, Duration.ofSeconds(30),
                spillDir));
        for (int i = 0; i < 300; i++) {
            ledger.record(Usage.record("req-" + i, 1));
        }
        Thread.sleep(100); // the writer now holds a partial batch and waits for more

        long start = System.nanoTime();
        ledger.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(Usage.rows(dataSource)).isEqualTo(300);
        assertThat(Usage.files(spillDir, SpillFiles.READY)).isZero();
    }

    @Test
    void record_sameRequestIdsAgain_storedOnceAndSpendCountedOnce() throws Exception {
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(1_000, 50, Duration.ofMillis(20), spillDir));
        for (int i = 0; i < 20; i++) {
            ledger.record(Usage.record("req-" + i, 10));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Usage.rows(dataSource) == 20);

        for (int i = 0; i < 20; i++) {
            ledger.record(Usage.record("req-" + i, 10));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> counter(LedgerMetrics.DUPLICATES) == 20);

        assertThat(Usage.rows(dataSource)).isEqualTo(20);
        assertThat(Usage.spend(dataSource, "key:key_a", DAY)).isEqualTo(200);
        assertThat(Usage.spend(dataSource, "tenant:team-a", DAY)).isEqualTo(200);
    }

    @Test
    void record_queueFull_spillsToFilesThatAreReplayedOnceAndDeleted() throws Exception {
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(5, 5, Duration.ofMillis(20), spillDir));

        for (int i = 0; i < 3_000; i++) {
            ledger.record(Usage.record("req-" + i, 1));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> Usage.rows(dataSource) == 3_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> Usage.files(spillDir, "") == 0);
        assertThat(counter(LedgerMetrics.SPILLED)).isPositive();
        assertThat(counter(LedgerMetrics.REPLAYED)).isEqualTo(counter(LedgerMetrics.SPILLED));
        assertThat(counter(LedgerMetrics.WRITTEN) + counter(LedgerMetrics.REPLAYED)).isEqualTo(3_000);
        assertThat(Usage.distinctRequestIds(dataSource)).isEqualTo(3_000);
        assertThat(Usage.spend(dataSource, "key:key_a", DAY)).isEqualTo(3_000);
        assertThat(counter(LedgerMetrics.DROPPED)).isZero();
    }

    @Test
    void newLedger_leftoverSpillFiles_replaysThemOnceAndDeletesThem() throws Exception {
        JdbcUsageLedger first = ledger(dataSource, new LedgerConfig(100, 10, Duration.ofMillis(20), spillDir));
        first.record(Usage.record("req-already-stored", 7));
        await().atMost(Duration.ofSeconds(5)).until(() -> Usage.rows(dataSource) == 1);
        first.close();
        SpillFiles files = new SpillFiles(spillDir, Clock.systemUTC());
        List<UsageRecord> left = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            left.add(Usage.record("req-left-" + i, 7));
        }
        left.add(Usage.record("req-already-stored", 7));
        files.write(left);
        // a crash while spilling: a .tmp file with a torn last line
        Path torn = files.write(List.of(Usage.record("req-torn-ok", 7)));
        Path partial = spillDir.resolve(torn.getFileName().toString().replace(SpillFiles.READY, SpillFiles.PARTIAL));
        Files.move(torn, partial);
        Files.writeString(partial, "{\"time\":\"2025-03-01T12:", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);

        ledger(dataSource, new LedgerConfig(100, 10, Duration.ofMillis(20), spillDir));

        await().atMost(Duration.ofSeconds(10)).until(() -> Usage.files(spillDir, "") == 0);
        assertThat(Usage.rows(dataSource)).isEqualTo(27);
        assertThat(Usage.spend(dataSource, "key:key_a", DAY)).isEqualTo(27 * 7);
        assertThat(counter(LedgerMetrics.DROPPED)).isEqualTo(1);
    }

    @Test
    void record_afterClose_isCountedAsDroppedWithoutThrowing() throws Exception {
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(100, 10, Duration.ofMillis(20), spillDir));
        ledger.close();

        assertThatCode(() -> ledger.record(Usage.record("late", 1))).doesNotThrowAnyException();
        assertThatCode(() -> ledger.record(null)).doesNotThrowAnyException();

        assertThat(counter(LedgerMetrics.DROPPED)).isEqualTo(1);
        assertThat(Usage.rows(dataSource)).isZero();
    }

    @Test
    void record_sameRequestIdTwiceInOneBatch_storedOnceAndSpendCountedOnce() throws Exception {
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(1_000, 50, Duration.ofMillis(300), spillDir));
        ledger.record(Usage.record("req-a", 10));
        ledger.record(Usage.record("req-twice", 10));
        ledger.record(Usage.record("req-twice", 10)); // e.g. a client's retry with the same request id
        ledger.record(Usage.record("req-b", 10));

        await().atMost(Duration.ofSeconds(5)).until(() -> counter(LedgerMetrics.DUPLICATES) == 1);
        assertThat(Usage.rows(dataSource)).isEqualTo(3);
        assertThat(Usage.spend(dataSource, "key:key_a", DAY)).isEqualTo(30);
    }

    @Test
    void record_missingRequestIdOrNulInText_isStillWritten() throws Exception {
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(100, 10, Duration.ofMillis(20), spillDir));
        UsageRecord noId = Usage.record(null, 5);
        UsageRecord nul = new UsageRecord(Instant.parse("2025-03-01T12:00:00Z"), "req-nul", "key_a", "team-a",
                "user\0evil", "m", "m", "d", 1, 1, 0, 0, 5, 1, -1, 200, 0, false, false);

        ledger.record(noId);
        ledger.record(nul);

        await().atMost(Duration.ofSeconds(5)).until(() -> Usage.rows(dataSource) == 2);
        assertThat(Usage.count(dataSource, "SELECT COUNT(*) FROM usage_records WHERE request_id LIKE 'ledger-%'"))
                .isEqualTo(1);
        assertThat(counter(LedgerMetrics.DROPPED)).isZero();
    }

    @Test
    void record_textWithTabsNewlinesAndBackslashes_isStoredAsSent() throws Exception {
        // client-supplied text (a user id) holding what PostgreSQL's COPY format uses as separators and escapes
        String userId = "u\tab\there\nnew\nline\r\\N \\. end\\";
        JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(100, 10, Duration.ofMillis(20), spillDir));
        ledger.record(new UsageRecord(Instant.parse("2025-03-01T12:00:00.123456Z"), "req-odd", "key_a", "team-a",
                userId, "m", "m", "d", 1, 1, 0, 0, 5, 1, -1, 200, 0, false, false));

        await().atMost(Duration.ofSeconds(5)).until(() -> Usage.rows(dataSource) == 1);
        try (var c = dataSource.getConnection(); var s = c.createStatement();
                var rows = s.executeQuery("SELECT user_id, time FROM usage_records WHERE request_id = 'req-odd'")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo(userId);
            assertThat(rows.getObject(2, OffsetDateTime.class).toInstant())
                    .isEqualTo(Instant.parse("2025-03-01T12:00:00.123456Z"));
        }
    }

    @Test
    void record_aRecordTheDatabaseRefuses_isDroppedAloneAndWritingGoesOn() throws Exception {
        execute("ALTER TABLE usage_records ADD CONSTRAINT refuse_poison CHECK (request_id <> 'poison')");
        try {
            JdbcUsageLedger ledger = ledger(dataSource, new LedgerConfig(1_000, 50, Duration.ofMillis(50),
                    spillDir));
            for (int i = 0; i < 10; i++) {
                ledger.record(Usage.record(i == 5 ? "poison" : "req-" + i, 1));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Usage.rows(dataSource) == 9);

            ledger.record(Usage.record("after", 1));

            await().atMost(Duration.ofSeconds(5)).until(() -> Usage.rows(dataSource) == 10);
            assertThat(counter(LedgerMetrics.DROPPED)).isEqualTo(1);
            assertThat(Usage.spend(dataSource, "key:key_a", DAY)).isEqualTo(10);
        } finally {
            execute("ALTER TABLE usage_records DROP CONSTRAINT refuse_poison");
        }
    }

    private void execute(String sql) throws Exception {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private JdbcUsageLedger ledger(DataSource source, LedgerConfig config) {
        JdbcUsageLedger ledger = new JdbcUsageLedger(source, config, Clock.systemUTC(), registry);
        ledgers.add(ledger);
        return ledger;
    }

    private long counter(String name) {
        return (long) registry.get(name).counter().count();
    }

    /** A DataSource that counts getConnection calls: one per committed batch. */
    private static DataSource counting(DataSource target, AtomicInteger connections) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        connections.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
