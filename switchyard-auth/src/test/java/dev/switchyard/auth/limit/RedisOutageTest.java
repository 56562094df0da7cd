package dev.switchyard.auth.limit;

import dev.switchyard.testkit.MutableClock;
import dev.switchyard.testkit.RedisServer;
import static dev.switchyard.auth.limit.LimitTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.config.FailMode;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.pricing.PriceTable;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each test runs its own redis-server, which it kills, restarts or pauses. */
class RedisOutageTest {
    /** For the tests that pause Redis: a call must time out well within the pause. */
    private static final Duration TIMEOUT = Duration.ofMillis(150);
    /**
     * For the tests that kill Redis (refused at once, no timeout needed): roomy, so that a loaded machine
     * does not time calls out before the kill and open the breaker, which would test the fallback early.
     */
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(1);
    private Vertx vertx;
    private RedisServer server;
    private SimpleMeterRegistry registry;
    private RedisAdmissionControl control;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = new RedisServer().start();
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() throws Exception {
        if (control != null) {
            join(control.close());
        }
        join(vertx.close());
        server.close();
    }

    private RedisAdmissionControl control(FailMode rates, FailMode budgets, int replicas) {
        return control(rates, budgets, replicas, SpendSource.NONE);
    }

    private RedisAdmissionControl control(FailMode rates, FailMode budgets, int replicas, SpendSource spend) {
        return control(rates, budgets, replicas, spend, KILL_TIMEOUT);
    }

    private RedisAdmissionControl control(FailMode rates, FailMode budgets, int replicas, SpendSource spend,
            Duration timeout) {
        control = new RedisAdmissionControl(vertx, config(server.url(), randomPrefix(), timeout, 2, Duration.ofMillis(500)),
                rates, budgets, replicas, PriceTable.defaultTable(), spend, Clock.systemUTC(), registry);
        return control;
    }

    /** Admits until refused; any failure other than a 429 or a 402 fails the test. */
    private int admitUntilRefused(Principal p, int max) {
        for (int i = 0; i < max; i++) {
            Future<Admission> f = control.admit(p, request(10, 10));
            try {
                f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                assertThat(e.getCause()).isInstanceOf(ApiException.class);
                assertThat(((ApiException) e.getCause()).status()).isIn(429, 402);
                return i;
            }
        }
        return max;
    }

    /** Admits until one decision is taken by Redis (the breaker closed, the connection and scripts ready). */
    private void awaitSharedDecision(Principal p) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            double before = localRateFallbacks();
            control.admit(p, request(10, 10)).toCompletionStage().toCompletableFuture().handle((a, e) -> a).join();
            return localRateFallbacks() == before;
        });
    }

    private double localRateFallbacks() {
        return fallbacks(registry, LimitMetrics.CONTROL_RATE_LIMITS, LimitMetrics.MODE_LOCAL);
    }

    @Test
    void breakerOpen_injectedClockMovesPastOpenDuration_halfOpensWithoutSleeping() throws Exception {
        // An hour open: on the system clock this test would never see the breaker try Redis again.
        Duration open = Duration.ofHours(1);
        MutableClock clock = new MutableClock();
        control = new RedisAdmissionControl(vertx, config(server.url(), randomPrefix(), KILL_TIMEOUT, 2, open),
                FailMode.CLOSED, FailMode.CLOSED, 1, PriceTable.defaultTable(), SpendSource.NONE, clock, registry);
        List<CircuitBreaker.StateTransition> transitions = new CopyOnWriteArrayList<>();
        control.breaker().getEventPublisher().onStateTransition(e -> transitions.add(e.getStateTransition()));
        Principal p = key("breaker-clock", rpm(60));
        awaitSharedDecision(p);

        server.kill();
        for (int i = 0; i < 40 && control.breaker().getState() != CircuitBreaker.State.OPEN; i++) {
            control.admit(p, request(10, 10)).toCompletionStage().toCompletableFuture().handle((a, e) -> a).join();
        }
        assertThat(control.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        server.start();

        // Redis is back, but not a second of the breaker's hour has passed on its clock: decided locally.
        double before = localRateFallbacks();
        control.admit(p, request(10, 10)).toCompletionStage().toCompletableFuture().handle((a, e) -> a).join();
        assertThat(localRateFallbacks()).isEqualTo(before + 1);
        assertThat(control.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // Past the hour: the next call is the half-open trial. A trial that meets a connection the kill broke
        // opens it again for an hour, so each try moves the clock on.
        for (int i = 0; i < 20 && control.breaker().getState() != CircuitBreaker.State.CLOSED; i++) {
            clock.advance(open.plusSeconds(1));
            control.admit(p, request(10, 10)).toCompletionStage().toCompletableFuture().handle((a, e) -> a).join();
        }
        assertThat(transitions).containsSubsequence(CircuitBreaker.StateTransition.CLOSED_TO_OPEN,
                CircuitBreaker.StateTransition.OPEN_TO_HALF_OPEN, CircuitBreaker.StateTransition.HALF_OPEN_TO_CLOSED);
        assertThat(control.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void redisKilledAndRestarted_closedModeEnforcesLocalShareThenSharedLimitsResume() throws Exception {
        control(FailMode.CLOSED, FailMode.CLOSED, 2);
        Principal p = key("outage", new Quota(20, 0, 0, 1_000_000_000L, 0));
        awaitSharedDecision(p);
        assertThat(admitUntilRefused(p, 5)).isEqualTo(5);
        assertThat(localRateFallbacks()).isZero();

        server.kill();
        // 20 per minute, 6 taken when Redis went down (the warm-up's and 5): of the 14 left, this one of 2
        // replicas lets its share, 7, in on its own (not a fresh 10), then answers 429, never 5xx.
        assertThat(admitUntilRefused(p, 30)).isEqualTo(7);
        assertThat(localRateFallbacks()).isGreaterThanOrEqualTo(8);
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_BUDGETS, LimitMetrics.MODE_LOCAL)).isGreaterThanOrEqualTo(8);

        server.start(); // same port, empty (and without the scripts: NOSCRIPT, then EVAL)
        awaitSharedDecision(p);
        join(control.flush());
        double fallbacksAfterRecovery = localRateFallbacks();
        // The first shared decision above took one of the 20 the empty Redis gives, and the 7 let in locally
        // were charged to it at the sync: the other 12 follow.
        assertThat(admitUntilRefused(p, 30)).isEqualTo(12);
        assertThat(localRateFallbacks()).isEqualTo(fallbacksAfterRecovery);
    }

    @Test
    void redisKilled_budgetMostlySpentInRedis_fallbackAdmitsOnlyItsShareOfTheRemainder() throws Exception {
        control(FailMode.CLOSED, FailMode.CLOSED, 4);
        long worst = PriceTable.defaultTable().worstCaseMicros(MODEL, 10, 10);
        long budget = 100 * worst;
        awaitSharedDecision(key("warm-up", new Quota(1_000, 0, 0, 0, 0)));
        Principal p = key("spender", new Quota(0, 0, 0, budget, 0));
        for (int i = 0; i < 80; i++) {
            join(control.admit(p, request(10, 10))); // reserved at the worst case, never settled
            // Paced below RedisAdmissionControl.HOT_DEMAND per sync period: every decision asks Redis and
            // this replica holds no credit when Redis dies, so only the fallback's share is measured.
            Thread.sleep(6);
        }
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_BUDGETS, LimitMetrics.MODE_LOCAL)).isZero();

        server.kill();
        int admitted = admitUntilRefused(p, 50);

        // Before the fix each of the 4 replicas let a quarter of the whole budget in: 25 here.
        long spentBefore = 80 * worst;
        assertThat(admitted * worst).isLessThanOrEqualTo((budget - spentBefore) / 4 + worst);
        assertThat(admitted).isEqualTo(5); // (100 - 80) / 4 worst cases
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_BUDGETS, LimitMetrics.MODE_LOCAL))
                .isEqualTo(admitted + 1);
    }

    @Test
    void redisKilled_scopeFirstSeenInTheOutage_fallbackStartsFromItsDurableTotal() throws Exception {
        long worst = PriceTable.defaultTable().worstCaseMicros(MODEL, 10, 10);
        long budget = 100 * worst;
        List<String> asked = new CopyOnWriteArrayList<>();
        SpendSource ledger = (scope, day) -> {
            asked.add(scope + "@" + day);
            return new SpendSource.SpendTotals(budget - 8 * worst, budget - 8 * worst);
        };
        control(FailMode.CLOSED, FailMode.CLOSED, 4, ledger);
        server.kill();

        // 8 worst cases left in the ledger, 2 for each of 4 replicas; before the fix, 25.
        Principal p = key("unseen", new Quota(0, 0, 0, budget, 0));
        assertThat(admitUntilRefused(p, 50)).isEqualTo(2);
        assertThat(asked).containsExactly("key:unseen@" + LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void redisKilled_openMode_admitsWithoutLimitsAndCountsIt() throws Exception {
        control(FailMode.OPEN, FailMode.OPEN, 2);
        Principal p = key("open", new Quota(5, 0, 0, 1, 0));
        server.kill();

        assertThat(admitUntilRefused(p, 30)).isEqualTo(30);
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_RATE_LIMITS, LimitMetrics.MODE_OPEN)).isEqualTo(30);
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_BUDGETS, LimitMetrics.MODE_OPEN)).isEqualTo(30);
        assertThat(localRateFallbacks()).isZero();
    }

    @Test
    void slowRedis_callBoundedByTheTimeout() throws Exception {
        control(FailMode.CLOSED, FailMode.CLOSED, 1, SpendSource.NONE, TIMEOUT);
        Principal p = key("slow", new Quota(100, 0, 0, 0, 0));
        awaitSharedDecision(p); // connected, scripts loaded
        double fallbacksBefore = localRateFallbacks();
        double failuresBefore = registry.find(LimitMetrics.REDIS_FAILURES).counters().stream()
                .mapToDouble(c -> c.count()).sum();
        server.pause(3_000);

        long start = System.nanoTime();
        Admission a = join(control.admit(p, request(10, 10)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(a.headers()).containsKey("anthropic-ratelimit-requests-limit");
        // 150 ms timeout; the rest is slack for a shared, busy machine, far below the 3 s pause.
        assertThat(tookMillis).isLessThan(1_000);
        assertThat(localRateFallbacks()).isEqualTo(fallbacksBefore + 1);
        assertThat(registry.find(LimitMetrics.REDIS_FAILURES).tag(LimitMetrics.SCRIPT, "grant").counter().count())
                .isEqualTo(failuresBefore + 1);
    }

    @Test
    void redisUnreachableThenBack_spendSettledLocallyIsAddedToTheSharedCounters() throws Exception {
        String prefix = randomPrefix();
        control = new RedisAdmissionControl(vertx, config(server.url(), prefix, TIMEOUT, 2, Duration.ofMillis(500)),
                FailMode.CLOSED, FailMode.CLOSED, 1, PriceTable.defaultTable(), SpendSource.NONE, Clock.systemUTC(),
                registry);
        Principal p = key("reconcile", new Quota(0, 0, 0, 1_000_000_000L, 0));
        awaitSharedDecision(key("warm-up", new Quota(1_000, 0, 0, 0, 0)));
        TokenUsage used = new TokenUsage(MODEL, 100, 50, 0, 0);
        long cost = PriceTable.defaultTable().costMicros(used);
        join(control.admit(p, request(10, 10))).settle(used); // creates the shared counters, spent = cost
        Redis client = Redis.createClient(vertx, server.url());
        String dayKey = prefix + "spend:key:reconcile:d:" + java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(5)).until(() -> spent(client, dayKey) == cost);

        server.pause(2_000); // unreachable but keeps its data, as in a network partition
        for (int i = 0; i < 3; i++) {
            join(control.admit(p, request(10, 10))).settle(used);
        }
        assertThat(fallbacks(registry, LimitMetrics.CONTROL_BUDGETS, LimitMetrics.MODE_LOCAL)).isEqualTo(3);

        // Once Redis answers again, the next shared decision hands it the 3 local costs.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
            control.admit(key("warm-up", new Quota(1_000, 0, 0, 0, 0)), request(10, 10))
                    .toCompletionStage().toCompletableFuture().handle((a, e) -> a).join();
            return spent(client, dayKey) == 4 * cost;
        });
        client.close();
    }

    @Test
    void grantRepliedAfterTheTimeout_countsOnceForTheRequestDecidedLocally() throws Exception {
        control(FailMode.CLOSED, FailMode.CLOSED, 1, SpendSource.NONE, TIMEOUT);
        awaitSharedDecision(key("warm-up", new Quota(1_000, 0, 0, 0, 0)));
        Principal p = key("late", rpm(10));
        double before = localRateFallbacks();
        server.pause(500);
        join(control.admit(p, request(10, 10))); // times out after 150 ms: let in locally
        assertThat(localRateFallbacks()).isEqualTo(before + 1);

        // The grant ran in Redis once the pause ended and took one of the 10 for that same request. Its
        // late reply must not be credited to the next request too (two requests on one admission: 10
        // more and the limit passed, as before the fix): 9 more, then refused.
        Thread.sleep(600);
        join(control.flush());
        assertThat(admitUntilRefused(p, 30)).isEqualTo(9);
        assertThat(localRateFallbacks()).isEqualTo(before + 1);
    }

    @Test
    void fallbackAdmission_redisHadRefusedItLate_chargedToTheSharedCountAtTheNextSync() throws Exception {
        String prefix = randomPrefix();
        RedisAdmissionControl other = new RedisAdmissionControl(vertx,
                config(server.url(), prefix, KILL_TIMEOUT, 2, Duration.ofMillis(500)), FailMode.CLOSED, FailMode.CLOSED, 2,
                PriceTable.defaultTable(), SpendSource.NONE, Clock.systemUTC(), new SimpleMeterRegistry());
        control = new RedisAdmissionControl(vertx, config(server.url(), prefix, TIMEOUT, 2, Duration.ofMillis(500)),
                FailMode.CLOSED, FailMode.CLOSED, 2, PriceTable.defaultTable(), SpendSource.NONE, Clock.systemUTC(),
                registry);
        Redis client = Redis.createClient(vertx, server.url());
        try {
            awaitSharedDecision(key("warm-up", new Quota(1_000, 0, 0, 0, 0)));
            Principal p = key("charged", rpm(10)); // one each 6 s
            long start = redisMicros(client);
            assertThat(admitUntilRefused(p, 4)).isEqualTo(4); // this replica last heard: 6 left
            for (int i = 0; i < 6; i++) {
                join(other.admit(p, request(10, 10))); // the other replica takes them: 10 of 10 taken in Redis
            }
            double before = localRateFallbacks();

            server.pause(1_500);
            // Its share of the 6 it last heard of: 3, let in locally while Redis (unknown to it) would refuse them.
            assertThat(admitUntilRefused(p, 10)).isEqualTo(3);
            assertThat(localRateFallbacks()).isGreaterThanOrEqualTo(before + 3);

            // Once Redis answers, the 3 are charged: the shared arrival time is 13 requests ahead, not 10.
            String tatKey = prefix + "rl:rpm:key:charged";
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                control.flush().toCompletionStage().toCompletableFuture().handle((v, e) -> v).join();
                Response tat = send(client, Command.GET, tatKey);
                return tat != null && tat.toLong() - start >= 12 * 6_000_000L;
            });
            assertThat(send(client, Command.GET, tatKey).toLong() - start).isLessThan(14 * 6_000_000L);
        } finally {
            join(other.close());
            client.close();
        }
    }

    private static long spent(Redis client, String key) {
        Response r = send(client, Command.HGET, key, "spent");
        return r == null ? -1 : r.toLong();
    }
}
