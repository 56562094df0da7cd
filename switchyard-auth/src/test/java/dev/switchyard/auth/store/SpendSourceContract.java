package dev.switchyard.auth.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.ledger.JdbcUsageLedger;
import dev.switchyard.auth.limit.SpendSource.SpendTotals;
import dev.switchyard.core.config.LedgerConfig;
import dev.switchyard.usage.UsageRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcSpendSource} over spend the ledger wrote, once per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpendSourceContract {
    private StoreBackend.Opened opened;
    private JdbcSpendSource spend;

    @TempDir
    static Path spillDir;

    abstract StoreBackend backend();

    @BeforeAll
    void openDatabaseWithSpend() throws Exception {
        opened = backend().open();
        TestDatabases.clear(opened.database().dataSource());
        LedgerConfig config = new LedgerConfig(100, 100, Duration.ofMillis(10), spillDir);
        try (JdbcUsageLedger ledger = new JdbcUsageLedger(opened.database(), config, Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            ledger.record(usage("a", "2025-02-28T23:59:59Z", "key_a", 800));
            ledger.record(usage("b", "2025-03-01T00:00:00Z", "key_a", 100));
            ledger.record(usage("c", "2025-03-02T08:00:00Z", "key_a", 200));
            ledger.record(usage("d", "2025-03-02T09:00:00Z", "key_b", 400));
            ledger.record(usage("e", "2025-03-03T09:00:00Z", "key_a", 50));
        }
        spend = new JdbcSpendSource(opened.database());
    }

    @AfterAll
    void closeDatabase() throws Exception {
        opened.close();
    }

    @Test
    void totals_keyScope_dayAndMonthToDate() {
        assertThat(spend.totals("key:key_a", LocalDate.of(2025, 3, 2))).isEqualTo(new SpendTotals(200, 300));
        assertThat(spend.totals("key:key_a", LocalDate.of(2025, 3, 1))).isEqualTo(new SpendTotals(100, 100));
        assertThat(spend.totals("key:key_a", LocalDate.of(2025, 2, 28))).isEqualTo(new SpendTotals(800, 800));
    }

    @Test
    void totals_tenantScope_sumsItsKeys() {
        assertThat(spend.totals("tenant:team-a", LocalDate.of(2025, 3, 2))).isEqualTo(new SpendTotals(600, 700));
    }

    @Test
    void totals_unknownScopeOrQuietDay_areZero() {
        assertThat(spend.totals("key:nobody", LocalDate.of(2025, 3, 2))).isEqualTo(new SpendTotals(0, 0));
        assertThat(spend.totals("key:key_b", LocalDate.of(2025, 3, 5))).isEqualTo(new SpendTotals(0, 400));
        assertThat(spend.totals("key:key_a' OR '1'='1", LocalDate.of(2025, 3, 2))).isEqualTo(new SpendTotals(0, 0));
    }

    private static UsageRecord usage(String id, String time, String key, long cost) {
        return new UsageRecord(Instant.parse(time), id, key, "team-a", null, "m", "m", "d", 1, 1, 0, 0, cost, 1, 1,
                200, 0, false, false);
    }
}
