package dev.switchyard.auth.limit;

import static dev.switchyard.auth.limit.LimitTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.config.FailMode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.error.ErrorType;
import dev.switchyard.core.pricing.PriceTable;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against the shared Redis on 127.0.0.1:6379, under a random key prefix per test. */
class RedisAdmissionControlTest {
    private static final PriceTable PRICES = PriceTable.defaultTable();
    /** Generous: the machine is shared, and a timeout here would test the fallback instead. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private static Vertx vertx;
    private static Redis admin;
    private final List<Vertx> extraVertx = new ArrayList<>();
    private final List<RedisAdmissionControl> controls = new ArrayList<>();
    private SimpleMeterRegistry registry;
    private String prefix;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
        admin = Redis.createClient(vertx, SHARED_REDIS);
    }

    @AfterAll
    static void stopVertx() {
        join(admin.close());
        join(vertx.close());
    }

    @BeforeEach
    void newPrefix() {
        prefix = randomPrefix();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void cleanUp() {
        // Redis is healthy here: a decision taken locally would mean the test proved nothing about Redis.
        assertThat(registry.find(LimitMetrics.FALLBACK).counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        controls.forEach(c -> join(c.close()));
        extraVertx.forEach(v -> join(v.close()));
        deleteAll(admin, prefix);
    }

    private RedisAdmissionControl control(Vertx on, Clock clock, SpendSource spend, Duration leaseTtl) {
        return control(on, clock, spend, leaseTtl, RedisAdmissionControl.DEFAULT_IDLE);
    }

    private RedisAdmissionControl control(Vertx on, Clock clock, SpendSource spend, Duration leaseTtl, Duration idle) {
        return control(on, clock, spend, leaseTtl, idle, System::nanoTime);
    }

    private RedisAdmissionControl control(Vertx on, Clock clock, SpendSource spend, Duration leaseTtl, Duration idle,
            java.util.function.LongSupplier ticker) {
        var c = new RedisAdmissionControl(on, config(SHARED_REDIS, prefix, TIMEOUT, 5, Duration.ofSeconds(5)),
                FailMode.CLOSED, FailMode.CLOSED, 1, PRICES, spend, clock, registry, leaseTtl, idle, ticker);
        controls.add(c);
        return c;
    }

    private RedisAdmissionControl control() {
        return control(vertx, Clock.systemUTC(), SpendSource.NONE, RedisAdmissionControl.DEFAULT_LEASE_TTL);
    }

    /** Instances as on separate replicas: each with its own Vertx and its own Redis client. */
    private List<RedisAdmissionControl> replicas(int n, SpendSource spend) {
        List<RedisAdmissionControl> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Vertx v = Vertx.vertx();
            extraVertx.add(v);
            list.add(control(v, Clock.systemUTC(), spend, RedisAdmissionControl.DEFAULT_LEASE_TTL));
        }
        return list;
    }

    /** settle() is fire-and-forget: it reaches Redis with the next sync, which flush() sends now. */
    private static void awaitSettled(RedisAdmissionControl control) {
        join(control.flush());
    }

    @Test
    void requestsPerMinute_oneInstance_admitsExactlyTheLimit() {
        var control = control();
        Principal p = key("k1", rpm(5));
        for (int i = 0; i < 5; i++) {
            join(control.admit(p, request(10, 10)));
        }
        Throwable refused = failure(control.admit(p, request(10, 10)));

        assertThat(refused).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("requests per minute").hasMessageContaining("key k1");
        // 5 per minute is one every 12 s: the 6th fits 12 s after the burst.
        assertThat(((ApiException) refused).retryAfter()).isBetween(Duration.ofSeconds(10), Duration.ofMillis(12_001));
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_RATE_LIMITS, LimitMetrics.MODE_LOCAL)).isZero();
    }

    @Test
    void requestsPerMinute_fourReplicasHammeringOneKey_admitWithinOnePercentOfTheLimit() throws Exception {
        long limit = 1_000;
        int perReplica = 500;
        var instances = replicas(4, SpendSource.NONE);
        Principal p = key("hot", rpm(limit));
        AtomicInteger admitted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        long begin = redisMicros(admin);
        for (var c : instances) {
            threads.add(Thread.ofPlatform().start(() -> {
                awaitLatch(start);
                List<Future<Admission>> all = new ArrayList<>();
                for (int i = 0; i < perReplica; i++) {
                    all.add(c.admit(p, request(1, 1)));
                }
                for (var f : all) {
                    try {
                        f.toCompletionStage().toCompletableFuture().join();
                        admitted.incrementAndGet();
                    } catch (RuntimeException e) {
                        assertThat(e.getCause()).isInstanceOf(RateLimitedException.class);
                        refused.incrementAndGet();
                    }
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        long end = redisMicros(admin);

        // GCRA refills continuously: during the test window (measured on Redis's own clock, the one the
        // script uses) limit * window / 1 min more requests may legitimately get in. The window is well
        // under a second, so the refill is a few requests at most, and it is added to the bound exactly.
        double refill = limit * (end - begin) / 60_000_000d;
        assertThat(admitted.get() + refused.get()).isEqualTo(4 * perReplica);
        assertThat(admitted.get()).isGreaterThanOrEqualTo((int) (limit * 0.99))
                .isLessThanOrEqualTo((int) Math.ceil(limit + refill));
        assertThat(Math.abs(admitted.get() - limit)).isLessThanOrEqualTo((long) (limit * 0.01 + Math.ceil(refill)));
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_RATE_LIMITS, LimitMetrics.MODE_LOCAL)).isZero();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void tokensPerMinute_settledAboveTheEstimate_laterRequestWaits() {
        var control = control();
        Principal p = key("tok", new Quota(0, 1_000, 0, 0, 0));
        AdmissionRequest firstRequest = request(100, 800);
        Admission first = join(control.admit(p, firstRequest));
        assertThat(first.headers()).containsEntry("anthropic-ratelimit-tokens-remaining", "900");

        first.settle(new TokenUsage(MODEL, 100, 800, 0, 0)); // 900 real against an estimate of 100
        awaitSettled(control);
        Throwable refused = failure(control.admit(p, request(200, 10)));

        // 900 of 1000 tokens used, 200 more asked: 100 must refill first, at 1000 per minute = 6 s.
        assertThat(refused).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("tokens per minute").hasMessageContaining("key tok");
        assertThat(((ApiException) refused).retryAfter()).isBetween(Duration.ofSeconds(5), Duration.ofMillis(6_001));
        join(control.admit(p, request(50, 10))); // a smaller one still fits
    }

    @Test
    void settle_calledTwice_chargesOnce() {
        var control = control();
        Principal p = key("twice", new Quota(0, 1_000, 0, 0, 0));
        AdmissionRequest r = request(100, 10);
        Admission a = join(control.admit(p, r));
        a.settle(new TokenUsage(MODEL, 100, 300, 0, 0));
        a.settle(new TokenUsage(MODEL, 100, 300, 0, 0));
        awaitSettled(control);

        Admission next = join(control.admit(p, request(100, 10)));
        // 400 used once plus 100 estimated; a double charge would leave 200 or less.
        assertThat(Long.parseLong(next.headers().get("anthropic-ratelimit-tokens-remaining"))).isBetween(500L, 505L);
    }

    @Test
    void concurrency_limitReached_refusedUntilASlotIsSettled() {
        var control = control();
        Principal p = key("conc", new Quota(0, 0, 2, 0, 0));
        AdmissionRequest r1 = request(1, 1);
        Admission a1 = join(control.admit(p, r1));
        join(control.admit(p, request(1, 1)));

        Throwable refused = failure(control.admit(p, request(1, 1)));
        assertThat(refused).isInstanceOf(RateLimitedException.class).hasMessageContaining("concurrent requests (2)");

        a1.settle(TokenUsage.none(MODEL));
        awaitSettled(control);
        join(control.admit(p, request(1, 1)));
    }

    @Test
    void concurrency_leaseNeverSettled_expires() {
        var control = control(vertx, Clock.systemUTC(), SpendSource.NONE, Duration.ofSeconds(1));
        Principal p = key("crashed", new Quota(0, 0, 1, 0, 0));
        join(control.admit(p, request(1, 1))); // never settled, as if its replica crashed
        assertThat(failure(control.admit(p, request(1, 1)))).isInstanceOf(RateLimitedException.class);

        await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> control.admit(p, request(1, 1)).toCompletionStage().toCompletableFuture()
                        .handle((a, e) -> e == null).join());
    }

    @Test
    void budget_concurrentRequestsOnThreeReplicas_overspendAtMostOneWorstCase() throws Exception {
        long worst = PRICES.worstCaseMicros(MODEL, 1_000, 1_000);
        long budget = 10 * worst + worst / 2;
        var instances = replicas(3, SpendSource.NONE);
        Principal p = key("spender", new Quota(0, 0, 0, budget, 0));
        List<Future<Admission>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            for (var c : instances) {
                all.add(c.admit(p, request(1_000, 1_000)));
            }
        }
        List<Admission> admitted = new ArrayList<>();
        for (var f : all) {
            try {
                admitted.add(f.toCompletionStage().toCompletableFuture().join());
            } catch (RuntimeException e) {
                assertThat(e.getCause()).isInstanceOf(ApiException.class).hasMessageContaining("daily")
                        .hasMessageContaining("key spender");
                assertThat(((ApiException) e.getCause()).type()).isEqualTo(ErrorType.BILLING);
            }
        }
        assertThat((long) admitted.size() * worst).isLessThanOrEqualTo(budget + worst);
        assertThat(admitted).hasSizeGreaterThanOrEqualTo(10);

        admitted.forEach(a -> a.settle(new TokenUsage(MODEL, 1_000, 1_000, 0, 0))); // each at its worst case
        awaitNothingReserved("key:spender");
        Response day = send(admin, Command.HGETALL, dayKey("key:spender"));
        assertThat(day.get("reserved").toLong()).isZero();
        assertThat(day.get("spent").toLong()).isEqualTo(admitted.size() * worst).isLessThanOrEqualTo(budget + worst);
        assertThat(registry.get(LimitMetrics.BUDGET_USED).tag(LimitMetrics.PERIOD, LimitMetrics.PERIOD_DAILY)
                .summary().max()).as("the fullest share Redis reported of the budget").isGreaterThan(0.5).isLessThan(2);
        assertThat(registry.find(LimitMetrics.BUDGET_USED).tag(LimitMetrics.PERIOD, LimitMetrics.PERIOD_MONTHLY)
                .summary()).as("no monthly budget").isNull();
    }

    @Test
    void budget_settledBelowTheWorstCase_freesTheRest() {
        var control = control();
        long worst = PRICES.worstCaseMicros(MODEL, 1_000, 1_000);
        Principal p = key("saver", new Quota(0, 0, 0, 3 * worst, 0));
        List<Admission> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            admitted.add(join(control.admit(p, request(1_000, 1_000))));
        }
        Throwable refused = failure(control.admit(p, request(1_000, 1_000)));
        assertThat(refused).isInstanceOf(ApiException.class).hasMessageContaining("daily spend budget of key saver");
        assertThat(((ApiException) refused).status()).isEqualTo(402);

        admitted.forEach(a -> a.settle(new TokenUsage(MODEL, 100, 10, 0, 0)));
        awaitNothingReserved("key:saver");
        join(control.admit(p, request(1_000, 1_000)));
    }

    @Test
    void budget_countersMissing_seededFromSpendSourceOncePerScopeAndDay() {
        AtomicInteger calls = new AtomicInteger();
        List<String> scopes = new ArrayList<>();
        SpendSource source = (scope, day) -> {
            calls.incrementAndGet();
            scopes.add(scope + "@" + day);
            return new SpendSource.SpendTotals(5_000_000, 7_000_000); // the day's 5 USD already spent
        };
        AtomicLong nanos = new AtomicLong(System.nanoTime());
        var control = control(vertx, Clock.systemUTC(), source, RedisAdmissionControl.DEFAULT_LEASE_TTL,
                RedisAdmissionControl.DEFAULT_IDLE, nanos::get);
        Principal p = key("seeded", new Quota(0, 0, 0, 5_000_000, 100_000_000));
        List<Future<Admission>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(control.admit(p, request(10, 10)));
        }
        for (var f : all) {
            assertThat(failure(f)).isInstanceOf(ApiException.class).hasMessageContaining("daily");
        }
        assertThat(calls.get()).isEqualTo(1);
        assertThat(scopes).containsExactly("key:seeded@" + LocalDate.now(ZoneOffset.UTC));
        assertThat(send(admin, Command.HGET, monthKey("key:seeded"), "spent").toLong()).isEqualTo(7_000_000);

        // A seeding counts as fresh for SEED_DEDUPE of ticker time; after that (no real time needs to pass),
        // counters missing again must be seeded again from the source.
        nanos.addAndGet(RedisAdmissionControl.SEED_DEDUPE.toNanos());
        send(admin, Command.DEL, dayKey("key:seeded"), monthKey("key:seeded")); // as after a Redis restart
        assertThat(failure(control.admit(p, request(10, 10)))).hasMessageContaining("daily");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void budget_monthSpentInTheLedger_refusedAsMonthly() {
        SpendSource source = (scope, day) -> new SpendSource.SpendTotals(0, 50_000_000);
        var control = control(vertx, Clock.systemUTC(), source, RedisAdmissionControl.DEFAULT_LEASE_TTL);
        Principal p = tenantKey("k", "acme", Quota.UNLIMITED, new Quota(0, 0, 0, 0, 50_000_000));

        Throwable refused = failure(control.admit(p, request(10, 10)));
        assertThat(refused).isInstanceOf(ApiException.class).hasMessageContaining("monthly spend budget of tenant acme");
        assertThat(((ApiException) refused).type()).isEqualTo(ErrorType.BILLING);
    }

    @Test
    void tenantLimit_twoKeysOfOneTenant_shareIt() {
        var control = control();
        Quota tenant = rpm(3);
        Principal a = tenantKey("ka", "acme", rpm(100), tenant);
        Principal b = tenantKey("kb", "acme", rpm(100), tenant);
        join(control.admit(a, request(1, 1)));
        join(control.admit(a, request(1, 1)));
        join(control.admit(b, request(1, 1)));

        assertThat(failure(control.admit(b, request(1, 1)))).isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("tenant acme");
        assertThat(failure(control.admit(a, request(1, 1)))).hasMessageContaining("tenant acme");
    }

    @Test
    void headers_successiveAdmissions_remainingDecreasesAndResetIsRfc3339() {
        var control = control();
        Principal p = key("hdr", new Quota(3, 10_000, 0, 0, 0));
        Map<String, String> h1 = join(control.admit(p, request(100, 10))).headers();
        Map<String, String> h2 = join(control.admit(p, request(100, 10))).headers();
        join(control.admit(p, request(100, 10)));
        var refused = (RateLimitedException) failure(control.admit(p, request(100, 10)));

        // Tokens refill at one per 6 ms, so the time between calls may give a few back.
        assertThat(h1).containsEntry("anthropic-ratelimit-requests-limit", "3")
                .containsEntry("anthropic-ratelimit-requests-remaining", "2")
                .containsEntry("anthropic-ratelimit-tokens-limit", "10000");
        assertThat(tokensRemaining(h1)).isBetween(9_900L, 9_905L);
        assertThat(h2).containsEntry("anthropic-ratelimit-requests-remaining", "1");
        assertThat(tokensRemaining(h2)).isBetween(9_800L, tokensRemaining(h1) - 90);
        assertThat(refused.headers()).containsEntry("anthropic-ratelimit-requests-remaining", "0");
        assertThat(tokensRemaining(refused.headers())).isBetween(9_700L, tokensRemaining(h2) - 90);
        Instant now = Instant.now();
        Instant reset1 = assertRfc3339(h1.get("anthropic-ratelimit-requests-reset"));
        Instant reset2 = assertRfc3339(h2.get("anthropic-ratelimit-requests-reset"));
        assertThat(reset2).isAfter(reset1); // 20 s apart at 3 per minute
        assertThat(reset1).isBetween(now.plusSeconds(15), now.plusSeconds(22));
        assertThat(assertRfc3339(h1.get("anthropic-ratelimit-tokens-reset"))).isBetween(now.minusSeconds(1), now.plusSeconds(2));
    }

    @Test
    void headers_keyWithoutRateLimits_showTheTenants() {
        var control = control();
        Principal p = tenantKey("only-conc", "acme2", new Quota(0, 0, 5, 0, 0), rpm(7));
        Map<String, String> h = join(control.admit(p, request(1, 1))).headers();

        assertThat(h).containsEntry("anthropic-ratelimit-requests-limit", "7")
                .containsEntry("anthropic-ratelimit-requests-remaining", "6")
                .doesNotContainKey("anthropic-ratelimit-tokens-limit");
    }

    @Test
    void redisTime_replicaClocksHoursOff_stillLimitsOnRedisTime() {
        var ahead = control(vertx, Clock.offset(Clock.systemUTC(), Duration.ofHours(5)), SpendSource.NONE,
                RedisAdmissionControl.DEFAULT_LEASE_TTL);
        var behind = control(vertx, Clock.offset(Clock.systemUTC(), Duration.ofHours(-7)), SpendSource.NONE,
                RedisAdmissionControl.DEFAULT_LEASE_TTL);
        Principal p = key("skew", rpm(3));
        Map<String, String> h = join(ahead.admit(p, request(1, 1))).headers();
        join(behind.admit(p, request(1, 1)));
        join(ahead.admit(p, request(1, 1)));

        Throwable refused = failure(behind.admit(p, request(1, 1)));
        assertThat(refused).isInstanceOf(RateLimitedException.class);
        assertThat(((ApiException) refused).retryAfter()).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(21));
        assertThat(assertRfc3339(h.get("anthropic-ratelimit-requests-reset")))
                .isBetween(Instant.now().plusSeconds(15), Instant.now().plusSeconds(22));
    }

    @Test
    void busyKey_sequentialAdmissions_mostDecidedFromCreditAndTheUnusedCreditGivenBack() {
        // Credit and slot ages and demand run on a ticker the test moves (0.1 ms per admission): demand is counted
        // per sync period of ticker time, so the first 1,000 admissions are each a grant; a warm-up runs until
        // grants stop for 50 admissions in a row.
        AtomicLong nanos = new AtomicLong(System.nanoTime());
        var control = control(vertx, Clock.systemUTC(), SpendSource.NONE, RedisAdmissionControl.DEFAULT_LEASE_TTL,
                RedisAdmissionControl.DEFAULT_IDLE, nanos::get);
        TokenUsage used = new TokenUsage(MODEL, 10, 10, 0, 0);
        long cost = PRICES.costMicros(used);
        Principal p = key("busy", new Quota(1_000_000, 0, 0, 1_000_000_000L, 0));
        int warm = 0;
        for (int quiet = 0; quiet < 50 && warm < 20_000; warm++) {
            double before = registry.counter(LimitMetrics.GRANTS).count();
            join(control.admit(p, request(10, 10))).settle(used);
            nanos.addAndGet(100_000);
            quiet = registry.counter(LimitMetrics.GRANTS).count() == before ? quiet + 1 : 0;
        }
        int n = 2_000;
        double grantsBefore = registry.counter(LimitMetrics.GRANTS).count();
        long maxReserved = 0;
        for (int i = 0; i < n; i++) {
            join(control.admit(p, request(10, 10))).settle(used);
            nanos.addAndGet(100_000);
            if (i % 100 == 99) {
                maxReserved = Math.max(maxReserved, send(admin, Command.HGET, dayKey("key:busy"), "reserved").toLong());
            }
        }

        // One at a time, so no batching: only credit granted ahead of demand saves grant calls.
        double grants = registry.counter(LimitMetrics.GRANTS).count() - grantsBefore;
        assertThat(warm).as("admissions until credit flowed").isLessThan(20_000);
        assertThat(grants).isLessThan(n / 10d);
        assertThat(maxReserved).as("worst cases reserved in Redis while busy").isPositive();
        // Idle past CREDIT_TTL: the unused credit goes back, and what was spent is all there.
        nanos.addAndGet(RedisAdmissionControl.CREDIT_TTL.toNanos() * 2);
        long admitted = warm + n;
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Response day = send(admin, Command.HGETALL, dayKey("key:busy"));
            assertThat(day.get("reserved").toLong()).isZero();
            assertThat(day.get("spent").toLong()).isEqualTo(admitted * cost);
        });
    }

    @Test
    void demand_timerFiresButTickerStill_busynessDecidedByTickerPeriods() {
        // Demand is the admissions of the last whole SYNC_PERIOD of ticker time. The sync timer firing (here three
        // times, as on a machine whose timer runs late or early) must not close a period the ticker has not.
        AtomicLong nanos = new AtomicLong(System.nanoTime());
        var control = control(vertx, Clock.systemUTC(), SpendSource.NONE, RedisAdmissionControl.DEFAULT_LEASE_TTL,
                RedisAdmissionControl.DEFAULT_IDLE, nanos::get);
        Principal p = key("demand", rpm(1_000_000));
        int firstPeriod = RedisAdmissionControl.HOT_DEMAND + 10;
        for (int i = 0; i < firstPeriod; i++) {
            join(control.admit(p, request(10, 10)));
        }
        for (int i = 0; i < 3; i++) {
            control.timerTick();
        }
        nanos.addAndGet(RedisAdmissionControl.SYNC_PERIOD.toNanos());

        // The period that just closed was busy: one grant asks for two periods' worth of credit ahead.
        double before = registry.counter(LimitMetrics.GRANTS).count();
        for (int i = 0; i < RedisAdmissionControl.HOT_DEMAND; i++) {
            join(control.admit(p, request(10, 10)));
        }
        assertThat(registry.counter(LimitMetrics.GRANTS).count() - before)
                .as("grant calls for %d admissions after a busy period", RedisAdmissionControl.HOT_DEMAND)
                .isEqualTo(1);
    }

    @Test
    void settle_afterItsScopeSetWasDroppedAsIdle_stillReachesRedis() {
        var control = control(vertx, Clock.systemUTC(), SpendSource.NONE, RedisAdmissionControl.DEFAULT_LEASE_TTL,
                Duration.ofMillis(200));
        long worst = PRICES.worstCaseMicros(MODEL, 10, 10);
        TokenUsage used = new TokenUsage(MODEL, 10, 10, 0, 0);
        Principal p = key("long-stream", new Quota(0, 0, 0, 1_000 * worst, 0));
        Admission a = join(control.admit(p, request(10, 10)));
        // A long stream: nothing held or owed for its key meanwhile, so its scope set is dropped from memory.
        await().atMost(Duration.ofSeconds(3)).until(() -> control.scopeSetsInMemory() == 0);

        a.settle(used);
        awaitSettled(control);

        Response day = send(admin, Command.HGETALL, dayKey("key:long-stream"));
        assertThat(day.get("reserved").toLong()).isZero();
        assertThat(day.get("spent").toLong()).isEqualTo(PRICES.costMicros(used));
    }

    @Test
    void sync_sameBatchSentTwice_appliedOnce() {
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        send(admin, Command.HSET, dayKey("key:once"), "spent", "0", "reserved", "500");
        List<String> args = List.of(prefix, "replica-s1", "600", "1",
                "1", day, day.substring(0, 7), "0", "0", "120", "500", "0",
                "key:once", "0", "0", "0", "1", "0");
        LuaScript sync = LuaScript.load("sync");

        assertThat(SyncReply.decode(join(sync.run(admin, args)))).isEqualTo(new SyncReply(true, 0, ""));
        // As after a reply lost on the way back:
        assertThat(SyncReply.decode(join(sync.run(admin, args))).applied()).isFalse();

        Response counters = send(admin, Command.HGETALL, dayKey("key:once"));
        assertThat(counters.get("spent").toLong()).isEqualTo(120);
        assertThat(counters.get("reserved").toLong()).isZero();
    }

    @Test
    void sync_oneScopesKeyOfTheWrongType_otherScopesOfTheBatchStillApplied() {
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        String month = day.substring(0, 7);
        // One tenant's rate key is not a number (a list), as an operator's mistake or a colliding prefix could make it.
        send(admin, Command.RPUSH, prefix + "rl:rpm:key:broken", "x");
        send(admin, Command.HSET, dayKey("key:broken"), "spent", "0", "reserved", "500");
        send(admin, Command.HSET, dayKey("key:fine"), "spent", "0", "reserved", "500");
        send(admin, Command.HSET, dayKey("tenant:other"), "spent", "0", "reserved", "500");
        // Entry 1: key:broken gives back 2 requests (fails on its list) and settles 120; entry 2: key:fine and
        // its tenant settle 300. The broken scope comes first: before the fix, nothing after it was applied.
        List<String> args = List.of(prefix, "replica-s2", "600", "2",
                "1", day, month, "2", "0", "120", "500", "0",
                "key:broken", "60", "0", "0", "1", "0",
                "2", day, month, "0", "0", "300", "500", "0",
                "key:fine", "0", "0", "0", "1", "0",
                "tenant:other", "0", "0", "0", "1", "0");

        SyncReply reply = SyncReply.decode(join(LuaScript.load("sync").run(admin, args)));

        assertThat(reply.applied()).isTrue();
        assertThat(reply.failedScopes()).isEqualTo(1);
        assertThat(reply.firstError()).contains("WRONGTYPE");
        for (String scope : List.of("key:fine", "tenant:other")) {
            Response counters = send(admin, Command.HGETALL, dayKey(scope));
            assertThat(counters.get("spent").toLong()).as(scope).isEqualTo(300);
            assertThat(counters.get("reserved").toLong()).as(scope).isZero();
        }
        assertThat(send(admin, Command.HGET, dayKey("key:broken"), "reserved").toLong()).isEqualTo(500);
    }

    private static long tokensRemaining(Map<String, String> headers) {
        return Long.parseLong(headers.get("anthropic-ratelimit-tokens-remaining"));
    }

    private void awaitNothingReserved(String scope) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> send(admin, Command.HGET, dayKey(scope), "reserved").toLong() == 0);
    }

    private String dayKey(String scope) {
        return prefix + "spend:" + scope + ":d:" + LocalDate.now(ZoneOffset.UTC);
    }

    private String monthKey(String scope) {
        return prefix + "spend:" + scope + ":m:" + LocalDate.now(ZoneOffset.UTC).toString().substring(0, 7);
    }
}
