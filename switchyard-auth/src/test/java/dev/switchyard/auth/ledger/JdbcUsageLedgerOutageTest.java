package dev.switchyard.auth.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.store.AuthDatabase;
import dev.switchyard.auth.store.TestDatabases;
import dev.switchyard.core.config.LedgerConfig;
import dev.switchyard.jdbc.Database;
import dev.switchyard.testkit.TcpProxy;
import dev.switchyard.usage.UsageRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real PostgreSQL behind a TCP proxy that the test cuts and restores. */
class JdbcUsageLedgerOutageTest {
    private static final Instant TIME = Instant.parse("2025-03-01T12:00:00Z");

    private final String schema = TestDatabases.randomSchema();
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private Database direct;
    private TcpProxy proxy;
    private Database proxied;

    @TempDir
    Path spillDir;

    @BeforeEach
    void setUp() throws Exception {
        direct = TestDatabases.postgres(schema);
        proxy = new TcpProxy(TestDatabases.PG_HOST, TestDatabases.PG_PORT).start();
        proxied = AuthDatabase.open(TestDatabases.postgresConfig(proxy.port()), schema);
    }

    @AfterEach
    void tearDown() throws Exception {
        proxied.close();
        proxy.close();
        direct.close();
        TestDatabases.dropSchema(schema);
    }

    @Test
    void postgresUnreachableForAWhile_losesNothingAndCountsSpendOnce() throws Exception {
        DataSource db = direct.dataSource();
        try (JdbcUsageLedger ledger = new JdbcUsageLedger(proxied, new LedgerConfig(50, 20, Duration.ofMillis(20),
                spillDir), Clock.systemUTC(), registry)) {
            long cost = 0;
            for (int i = 0; i < 100; i++) {
                ledger.record(record("before-" + i, i));
                cost += i;
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Usage.rows(db) == 100);

            proxy.stop();
            for (int i = 0; i < 400; i++) {
                ledger.record(record("during-" + i, 1_000 + i));
                cost += 1_000 + i;
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> counter(LedgerMetrics.WRITE_FAILURES) >= 2);
            assertThat(Usage.rows(db)).isEqualTo(100);
            assertThat(counter(LedgerMetrics.SPILLED)).isPositive();
            proxy.start();

            await().atMost(Duration.ofSeconds(20)).until(() -> Usage.rows(db) == 500);
            await().atMost(Duration.ofSeconds(5)).until(() -> Usage.files(spillDir, "") == 0);
            assertThat(Usage.distinctRequestIds(db)).isEqualTo(500);
            assertThat(Usage.spend(db, "key:key_a", LocalDate.of(2025, 3, 1))).isEqualTo(cost);
            assertThat(Usage.spend(db, "tenant:team-a", LocalDate.of(2025, 3, 1))).isEqualTo(cost);
            assertThat(counter(LedgerMetrics.DROPPED)).isZero();
        }
    }

    @Test
    void close_whilePostgresUnreachable_spillsAndTheNextLedgerReplays() throws Exception {
        LedgerConfig config = new LedgerConfig(1_000, 20, Duration.ofMillis(20), spillDir);
        JdbcUsageLedger ledger = new JdbcUsageLedger(proxied.dataSource(), null, config, Clock.systemUTC(), registry,
                Duration.ofSeconds(1));
        proxy.stop();
        for (int i = 0; i < 30; i++) {
            ledger.record(record("req-" + i, 10));
        }

        ledger.close();

        assertThat(Usage.files(spillDir, SpillFiles.READY)).isPositive();
        assertThat(counter(LedgerMetrics.SPILLED)).isEqualTo(30);
        proxy.start();
        try (JdbcUsageLedger next = new JdbcUsageLedger(proxied, config, Clock.systemUTC(), registry)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> Usage.rows(direct.dataSource()) == 30);
            await().atMost(Duration.ofSeconds(5)).until(() -> Usage.files(spillDir, "") == 0);
        }
        assertThat(Usage.spend(direct.dataSource(), "key:key_a", LocalDate.of(2025, 3, 1))).isEqualTo(300);
    }

    private static UsageRecord record(String requestId, long cost) {
        return Usage.record(requestId, TIME, "key_a", "team-a", "claude-sonnet-4", cost, 200);
    }

    private long counter(String name) {
        return (long) registry.get(name).counter().count();
    }
}
