package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.pricing.PriceTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import dev.switchyard.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The in-process limiter on its own, on a clock the test moves. */
class LocalLimiterTest {
    private static final PriceTable PRICES = PriceTable.defaultTable();
    private static final Vertx VERTX = Vertx.vertx();
    private static final long WORST = PRICES.worstCaseMicros(MODEL, 1_000, 1_000);
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T23:59:00Z"));
    private final AdmissionControl limiter =
            LocalLimiter.local(VERTX, PRICES, SpendSource.NONE, clock, new SimpleMeterRegistry());

    @Test
    void requestsPerMinute_clockMoves_refills() {
        Principal p = key("k", rpm(2));
        join(limiter.admit(p, request(1, 1)));
        join(limiter.admit(p, request(1, 1)));
        Throwable refused = failure(limiter.admit(p, request(1, 1)));
        assertThat(refused).isInstanceOf(RateLimitedException.class).hasMessageContaining("requests per minute");
        assertThat(((ApiException) refused).retryAfter()).isEqualTo(Duration.ofSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        assertThat(failure(limiter.admit(p, request(1, 1)))).isInstanceOf(RateLimitedException.class);
        clock.advance(Duration.ofSeconds(1));
        join(limiter.admit(p, request(1, 1)));
    }

    @Test
    void tokensPerMinute_settledAboveEstimate_waitsUntilRefilled() {
        Principal p = key("k", new Quota(0, 600, 0, 0, 0));
        Admission a = join(limiter.admit(p, request(100, 10)));
        a.settle(new TokenUsage(MODEL, 100, 500, 0, 0)); // 600: the whole minute's tokens

        Throwable refused = failure(limiter.admit(p, request(60, 10)));
        assertThat(((ApiException) refused).retryAfter()).isEqualTo(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        Admission b = join(limiter.admit(p, request(60, 10)));
        assertThat(b.headers()).containsEntry("anthropic-ratelimit-tokens-remaining", "0")
                .containsEntry("anthropic-ratelimit-tokens-reset", "2026-03-11T00:00:06Z");
    }

    @Test
    void concurrency_settleFreesTheSlot_andAnUnsettledLeaseExpires() {
        Principal p = key("k", new Quota(0, 0, 1, 0, 0));
        Admission a = join(limiter.admit(p, request(1, 1)));
        assertThat(failure(limiter.admit(p, request(1, 1)))).hasMessageContaining("concurrent requests (1)");
        a.settle(TokenUsage.none(MODEL));
        join(limiter.admit(p, request(1, 1))); // and this one is never settled

        clock.advance(RedisAdmissionControl.DEFAULT_LEASE_TTL.minusSeconds(1));
        assertThat(failure(limiter.admit(p, request(1, 1)))).isInstanceOf(RateLimitedException.class);
        clock.advance(Duration.ofSeconds(1));
        join(limiter.admit(p, request(1, 1)));
    }

    @Test
    void dailyBudget_spent_refusedUntilTheNextUtcDay() {
        long worst = PRICES.worstCaseMicros(MODEL, 1_000, 1_000);
        Principal p = key("k", new Quota(0, 0, 0, 2 * worst, 0));
        join(limiter.admit(p, request(1_000, 1_000))).settle(new TokenUsage(MODEL, 1_000, 1_000, 0, 0));
        join(limiter.admit(p, request(1_000, 1_000)));

        Throwable refused = failure(limiter.admit(p, request(1_000, 1_000)));
        assertThat(refused).isInstanceOf(ApiException.class).hasMessageContaining("daily spend budget of key k");
        assertThat(((ApiException) refused).type()).isEqualTo(ErrorType.BILLING);
        clock.advance(Duration.ofMinutes(1)); // 00:00 UTC
        join(limiter.admit(p, request(1_000, 1_000)));
    }

    @Test
    void replicas_eachLimitDividedByTheirCount() {
        var quarter = new LocalLimiter(VERTX, PRICES, SpendSource.NONE, clock, 4, Duration.ofMinutes(1),
                new Meters(new SimpleMeterRegistry()));
        Principal p = key("k", rpm(8));
        join(quarter.admit(p, request(1, 1)));
        Admission second = join(quarter.admit(p, request(1, 1)));
        assertThat(failure(quarter.admit(p, request(1, 1)))).isInstanceOf(RateLimitedException.class);
        assertThat(second.headers()).containsEntry("anthropic-ratelimit-requests-limit", "2")
                .containsEntry("anthropic-ratelimit-requests-remaining", "0");
    }

    /**
     * Regression: the scopes' cache handed its maintenance (draining the buffer of recorded reads) to
     * ForkJoinPool.commonPool(), so admissions on one hot scope woke a pool thread every few requests: a
     * futex wake and a context switch on the request path (3 us of CPU per quick-start request, profiled).
     */
    @Test
    void admissions_manyOnOneScope_leaveNoCacheMaintenanceToTheCommonPool() {
        Principal p = key("k", rpm(1_000_000_000L));
        join(limiter.admit(p, request(1, 1)));
        // the pool counts every task a worker ran for another thread: each hand-over from this one
        long before = ForkJoinPool.commonPool().getStealCount();
        for (int i = 0; i < 10_000; i++) {
            join(limiter.admit(p, request(1, 1)));
        }
        assertThat(ForkJoinPool.commonPool().getStealCount()).isEqualTo(before);
    }

    @Test
    void unlimitedPrincipal_admittedWithoutHeaders() {
        Admission a = join(limiter.admit(Principal.staticKey("static"), request(1, 1)));
        assertThat(a).isSameAs(Admission.UNLIMITED);
    }

    @AfterAll
    static void closeVertx() {
        join(VERTX.close());
    }

    @Test
    void dailyBudget_durableTotalNearTheBudget_refusedAfterTheRemainderAndAfterARestart() {
        Ledger ledger = new Ledger();
        ledger.record("key:k", 100 * WORST - 3 * WORST / 2, 0); // 1.5 worst cases left today
        Principal p = key("k", new Quota(0, 0, 0, 100 * WORST, 0));
        AdmissionControl first = LocalLimiter.local(VERTX, PRICES, ledger, clock, new SimpleMeterRegistry());

        List<Admission> admitted = List.of(join(first.admit(p, request(1_000, 1_000))),
                join(first.admit(p, request(1_000, 1_000))));
        Throwable refused = failure(first.admit(p, request(1_000, 1_000)));
        assertThat(refused).isInstanceOf(ApiException.class).hasMessageContaining("daily spend budget of key k");
        assertThat(((ApiException) refused).status()).isEqualTo(402);

        admitted.forEach(a -> a.settle(new TokenUsage(MODEL, 1_000, 1_000, 0, 0)));
        ledger.record("key:k", 2 * WORST, 0); // what the usage ledger wrote for them
        AdmissionControl restarted = LocalLimiter.local(VERTX, PRICES, ledger, clock, new SimpleMeterRegistry());
        assertThat(failure(restarted.admit(p, request(1_000, 1_000)))).isInstanceOf(ApiException.class)
                .hasMessageContaining("daily spend budget");
        assertThat(ledger.asked).containsExactly("key:k@2026-03-10", "key:k@2026-03-10");
    }

    @Test
    void spendSource_concurrentAdmissions_loadedOncePerScopeAndDayWhileTheyWait() throws Exception {
        Ledger ledger = new Ledger();
        ledger.gate = new CountDownLatch(1);
        AdmissionControl limiter = LocalLimiter.local(VERTX, PRICES, ledger, clock, new SimpleMeterRegistry());
        Principal p = key("k", new Quota(0, 0, 0, 100 * WORST, 0));
        List<Callable<Future<Admission>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(() -> limiter.admit(p, request(1_000, 1_000)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Admission>> all = new ArrayList<>();
        try {
            for (var f : pool.invokeAll(calls)) {
                all.add(f.get());
            }
        } finally {
            pool.shutdown();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !ledger.asked.isEmpty());
        assertThat(all).noneMatch(Future::isComplete); // all wait for the one load
        ledger.gate.countDown();
        all.forEach(f -> join(f));
        assertThat(ledger.asked).containsExactly("key:k@2026-03-10");

        clock.advance(Duration.ofMinutes(1)); // 00:00 UTC: a new day, loaded once more
        join(limiter.admit(p, request(1_000, 1_000)));
        join(limiter.admit(p, request(1_000, 1_000)));
        assertThat(ledger.asked).containsExactly("key:k@2026-03-10", "key:k@2026-03-11");
    }

    @Test
    void monthlyBudget_durableMonthTotal_countsOnAcrossDaysWithoutLoadingTheMonthAgain() {
        Ledger ledger = new Ledger();
        ledger.record("key:k", 0, 100 * WORST - 2 * WORST);
        AdmissionControl limiter = LocalLimiter.local(VERTX, PRICES, ledger, clock, new SimpleMeterRegistry());
        Principal p = key("k", new Quota(0, 0, 0, 0, 100 * WORST));

        join(limiter.admit(p, request(1_000, 1_000)));
        clock.advance(Duration.ofMinutes(1)); // the next day, the same month
        join(limiter.admit(p, request(1_000, 1_000)));
        assertThat(failure(limiter.admit(p, request(1_000, 1_000)))).hasMessageContaining("monthly spend budget");
        assertThat(ledger.asked).containsExactly("key:k@2026-03-10");
    }

    @Test
    void spendSource_failing_admitsCountingFromZeroAndDoesNotAskPerRequest() {
        Ledger ledger = new Ledger();
        ledger.failure = new IllegalStateException("database down");
        AdmissionControl limiter = LocalLimiter.local(VERTX, PRICES, ledger, clock, new SimpleMeterRegistry());
        Principal p = key("k", new Quota(0, 0, 0, 2 * WORST, 0));

        join(limiter.admit(p, request(1_000, 1_000)));
        join(limiter.admit(p, request(1_000, 1_000)));
        assertThat(failure(limiter.admit(p, request(1_000, 1_000)))).hasMessageContaining("daily spend budget");
        assertThat(ledger.asked).hasSize(1);
    }

    @Test
    void fallbackBaseline_olderRedisReportArrivesLast_newestByRedisTimeWins() {
        Ledger ledger = new Ledger();
        var fallback = new LocalLimiter(VERTX, PRICES, ledger, clock, 2, Duration.ofMinutes(1),
                new Meters(new SimpleMeterRegistry()));
        Principal p = key("k", new Quota(0, 0, 0, 10 * WORST, 0));
        LocalDate day = LocalDate.parse("2026-03-10");
        fallback.observe("key:k", day, 2_000, 6 * WORST, -1); // 4 worst cases left: 2 for each of 2 replicas
        fallback.observe("key:k", day, 1_000, 0, -1); // an earlier report, late

        join(fallback.admit(p, request(1_000, 1_000)));
        join(fallback.admit(p, request(1_000, 1_000)));
        assertThat(failure(fallback.admit(p, request(1_000, 1_000)))).hasMessageContaining("daily spend budget");
        assertThat(ledger.asked).isEmpty(); // Redis reported the scope: no durable load
    }

    /** Durable totals as the usage ledger would report them; can hold its callers at a gate or fail. */
    private static final class Ledger implements SpendSource {
        final Map<String, SpendTotals> totals = new ConcurrentHashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();
        volatile CountDownLatch gate = new CountDownLatch(0);
        volatile RuntimeException failure;

        void record(String scope, long dayMicros, long monthMicros) {
            totals.merge(scope, new SpendTotals(dayMicros, monthMicros),
                    (a, b) -> new SpendTotals(a.dayMicros() + b.dayMicros(), a.monthMicros() + b.monthMicros()));
        }

        @Override
        public SpendTotals totals(String scope, LocalDate day) {
            asked.add(scope + "@" + day);
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw failure;
            }
            return totals.getOrDefault(scope, new SpendTotals(0, 0));
        }
    }
}
