package dev.switchyard.auth.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchyard.auth.ledger.UsageQuery.Filter;
import dev.switchyard.auth.ledger.UsageQuery.GroupBy;
import dev.switchyard.auth.ledger.UsageQuery.Row;
import dev.switchyard.auth.store.StoreBackend;
import dev.switchyard.auth.store.TestDatabases;
import dev.switchyard.usage.UsageRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link UsageQuery} against five known records, once per database. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UsageQueryContract {
    private static final String SONNET = "claude-sonnet-4";
    private static final UsageRecord LATE_MARCH_1 = record("r1", "2025-03-01T23:30:00Z", "key_a", "team-a", SONNET,
            SONNET, 100, 200);
    private static final UsageRecord EARLY_MARCH_2 = record("r2", "2025-03-02T00:30:00Z", "key_a", "team-a", SONNET,
            SONNET, 200, 200);
    private static final UsageRecord FALLBACK = record("r3", "2025-03-02T10:00:00Z", "key_b", "team-a",
            "claude-opus-4", SONNET, 400, 200);
    private static final UsageRecord FAILED = record("r4", "2025-03-02T11:00:00Z", "key_c", "team-b",
            "claude-haiku-4", null, 0, 529);
    private static final UsageRecord FEBRUARY = record("r5", "2025-02-28T12:00:00Z", "key_a", "team-a", SONNET,
            SONNET, 800, 200);

    private StoreBackend.Opened opened;
    private UsageQuery query;

    abstract StoreBackend backend();

    @BeforeAll
    void openDatabaseWithRecords() throws Exception {
        opened = backend().open();
        TestDatabases.clear(opened.database().dataSource());
        new UsageBatchWriter(opened.database().dataSource(), opened.database().dialect())
                .write(List.of(LATE_MARCH_1, EARLY_MARCH_2, FALLBACK, FAILED, FEBRUARY));
        query = new UsageQuery(opened.database());
    }

    @AfterAll
    void closeDatabase() throws Exception {
        opened.close();
    }

    @Test
    void totals_noGrouping_oneRowWithEverySum() {
        assertThat(query.totals(Filter.ALL, null)).containsExactly(
                new Row(null, 5, 400, 80, 20, 28, 1_500, 1));
    }

    @Test
    void totals_nothingMatches_oneRowOfZeros() {
        assertThat(query.totals(new Filter("key_none", null, null, null, null), null)).containsExactly(
                new Row(null, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void totals_byDay_splitsOnUtcMidnightInDateOrder() {
        assertThat(query.totals(Filter.ALL, GroupBy.DAY)).containsExactly(
                new Row("2025-02-28", 1, 100, 20, 5, 7, 800, 0),
                new Row("2025-03-01", 1, 100, 20, 5, 7, 100, 0),
                new Row("2025-03-02", 3, 200, 40, 10, 14, 600, 1));
    }

    @Test
    void totals_byModel_usesTheServedModelElseTheAskedOneHighestCostFirst() {
        assertThat(query.totals(Filter.ALL, GroupBy.MODEL)).containsExactly(
                new Row(SONNET, 4, 400, 80, 20, 28, 1_500, 0),
                new Row("claude-haiku-4", 1, 0, 0, 0, 0, 0, 1));
    }

    @Test
    void totals_byKeyAndByTenant_sumPerGroup() {
        assertThat(query.totals(Filter.ALL, GroupBy.KEY)).extracting(Row::group, Row::requests, Row::costMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("key_a", 3L, 1_100L),
                        org.assertj.core.groups.Tuple.tuple("key_b", 1L, 400L),
                        org.assertj.core.groups.Tuple.tuple("key_c", 1L, 0L));
        assertThat(query.totals(Filter.ALL, GroupBy.TENANT)).extracting(Row::group, Row::requests, Row::errors)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("team-a", 4L, 0L),
                        org.assertj.core.groups.Tuple.tuple("team-b", 1L, 1L));
    }

    @Test
    void totals_modelFilter_matchesTheAskedOrTheServedModel() {
        assertThat(query.totals(new Filter(null, null, "claude-opus-4", null, null), null))
                .extracting(Row::requests).containsExactly(1L);
        assertThat(query.totals(new Filter(null, null, SONNET, null, null), null))
                .extracting(Row::requests).containsExactly(4L);
    }

    @Test
    void totals_timeRangeAndKeyAndTenant_combine() {
        Filter march1 = new Filter(null, null, null, Instant.parse("2025-03-01T00:00:00Z"),
                Instant.parse("2025-03-02T00:30:00Z"));
        assertThat(query.totals(march1, null)).extracting(Row::requests, Row::costMicros)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 100L));

        Filter keyInMarch = new Filter("key_a", "team-a", null, Instant.parse("2025-03-01T00:00:00Z"), null);
        assertThat(query.totals(keyInMarch, GroupBy.DAY)).extracting(Row::group)
                .containsExactly("2025-03-01", "2025-03-02");
    }

    @Test
    void totals_injectionInFilterValues_matchesNothing() {
        assertThat(query.totals(new Filter("' OR '1'='1", null, null, null, null), null))
                .extracting(Row::requests).containsExactly(0L);
        assertThat(query.totals(new Filter(null, "team-a' OR 1=1 --", "x') OR ('1'='1", null, null), GroupBy.KEY))
                .isEmpty();
    }

    @Test
    void recent_withFilterAndLimit_newestFirstWithEveryField() {
        assertThat(query.recent(new Filter(null, "team-a", null, null, null), 2))
                .containsExactly(FALLBACK, EARLY_MARCH_2);
        assertThat(query.recent(Filter.ALL, 10)).extracting(UsageRecord::requestId)
                .containsExactly("r4", "r3", "r2", "r1", "r5");
    }

    private static UsageRecord record(String id, String time, String key, String tenant, String asked, String served,
            long cost, int status) {
        boolean ok = status < 400;
        return new UsageRecord(Instant.parse(time), id, key, tenant, "user-1", asked, served, ok ? "dep-1" : null,
                ok ? 100 : 0, ok ? 20 : 0, ok ? 5 : 0, ok ? 7 : 0, cost, 250, ok ? 40 : -1, status, ok ? 0 : 2,
                !asked.equals(served), false);
    }
}
