package dev.switchyard.auth.limit;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.breaker.Breakers;
import dev.switchyard.core.config.FailMode;
import dev.switchyard.core.config.RedisConfig;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.pricing.PriceTable;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits, concurrency limits and spend budgets shared by all replicas through one Redis.
 *
 * <p>Concurrency design: every decision is one Lua script call ({@code admit.lua}), so Redis runs it
 * atomically against the key's and the tenant's counters; no lock or state is held in this process
 * except the in-flight seeding of budget counters (deduplicated per scope and day). Time in the
 * scripts is Redis {@code TIME}, so replicas with skewed clocks agree. Nothing here blocks: the
 * durable spend source (JDBC) runs on a worker thread through {@code executeBlocking}.
 *
 * <p>Rate algorithm: GCRA (generic cell rate algorithm). Each per-minute limit is one number in Redis,
 * its theoretical arrival time; a request of cost c is in if it pushes that time at most one minute
 * ahead of now. Chosen over a token bucket because it is one value per limit (no separate level and
 * timestamp to keep consistent), debt after settlement is simply a time further ahead, and the time
 * the bucket is full again, which the reset headers need, is the stored value itself.
 *
 * <p>Budgets reserve the worst-case cost at admission while something is left (spent + reserved &lt;
 * budget), so concurrent requests overspend by at most one request's worst case; settlement turns the
 * reservation into the real cost. Concurrency slots are leases that expire, so a crashed replica's
 * slots come back.
 *
 * <p>When Redis is slow or down (every call bounded by the configured timeout, a circuit breaker stops
 * calling it after consecutive failures) each control falls back as configured: CLOSED to a
 * {@link LocalLimiter} enforcing 1/replicas of each rate limit and of what is left of each budget after
 * the spend Redis last reported (every decision reports it), OPEN to no limit. Redis never causes a 5xx.
 * Single Redis server only: the scripts build the day's budget keys themselves (not Redis Cluster safe).
 */
public final class RedisAdmissionControl implements AdmissionControl {
    static final Duration DEFAULT_LEASE_TTL = Duration.ofMinutes(15);
    static final Duration SEED_DEDUPE = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(RedisAdmissionControl.class);
    private static final long MARKER_SECONDS = Duration.ofDays(2).toSeconds();
    private static final long DAY_TTL_SECONDS = Duration.ofDays(3).toSeconds();
    private static final long MONTH_TTL_SECONDS = Duration.ofDays(33).toSeconds();
    private static final LuaScript ADMIT = LuaScript.load("admit");
    private static final LuaScript SETTLE = LuaScript.load("settle");
    /** The open breaker's refusal: a normal, frequent outcome, so one shared instance. */
    private static final IllegalStateException BREAKER_OPEN = new IllegalStateException("Redis breaker open");
    private static final LuaScript SEED = LuaScript.load("seed");
    private static final LuaScript RECONCILE = LuaScript.load("reconcile");

    private final Vertx vertx;
    private final Redis redis;
    private final String prefix;
    private final long timeoutMillis;
    private final CircuitBreaker breaker;
    private final FailMode rateLimitsOnDown;
    private final FailMode budgetsOnDown;
    private final PriceTable prices;
    private final SpendSource spend;
    private final LocalLimiter local;
    private final Meters meters;
    private final Duration leaseTtl;
    private final Map<String, Future<Void>> seeding = new ConcurrentHashMap<>();
    private final LocalSpendBacklog backlog = new LocalSpendBacklog();
    private final Clock clock;

    public RedisAdmissionControl(Vertx vertx, RedisConfig config, FailMode rateLimitsOnDown, FailMode budgetsOnDown,
            int replicas, PriceTable prices, SpendSource spend, Clock clock, MeterRegistry registry) {
        this(vertx, config, rateLimitsOnDown, budgetsOnDown, replicas, prices, spend, clock, registry,
                DEFAULT_LEASE_TTL);
    }

    RedisAdmissionControl(Vertx vertx, RedisConfig config, FailMode rateLimitsOnDown, FailMode budgetsOnDown,
            int replicas, PriceTable prices, SpendSource spend, Clock clock, MeterRegistry registry, Duration leaseTtl) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("Redis admission control needs a Redis url; use LocalLimiter.local");
        }
        this.vertx = vertx;
        this.prefix = config.keyPrefix();
        this.timeoutMillis = Math.max(1, config.timeout().toMillis());
        this.breaker = CircuitBreaker.of("redis-limits", Breakers.sharedStore(config.breaker(), Clock.systemUTC()));
        this.rateLimitsOnDown = rateLimitsOnDown;
        this.budgetsOnDown = budgetsOnDown;
        this.prices = prices;
        this.spend = spend;
        this.meters = new Meters(registry);
        this.leaseTtl = leaseTtl;
        this.clock = clock;
        this.local = new LocalLimiter(vertx, prices, spend, clock, replicas, leaseTtl, meters);
        RedisOptions options = new RedisOptions().setConnectionString(config.url()).setMaxPoolSize(16)
                .setMaxPoolWaiting(4096);
        options.getNetClientOptions().setConnectTimeout((int) Math.max(timeoutMillis, 1000));
        this.redis = Redis.createClient(vertx, options);
    }

    @Override
    public Future<Admission> admit(Principal who, AdmissionRequest request) {
        List<Scope> scopes;
        long worst;
        try {
            scopes = Scope.of(who);
            if (scopes.isEmpty()) {
                return Future.succeededFuture(Admission.UNLIMITED);
            }
            worst = prices.worstCaseMicros(request.model(), request.estimatedInputTokens(), request.maxTokens());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return shared(scopes, request, worst, 0)
                .recover(e -> e instanceof ApiException ? Future.failedFuture(e) : fallback(scopes, request, worst, e));
    }

    public Future<Void> close() {
        return redis.close();
    }

    private Future<Admission> shared(List<Scope> scopes, AdmissionRequest request, long worst, int attempt) {
        return call(ADMIT, admitArgs(scopes, request, worst))
                .onFailure(e -> releaseAfterTimeout(e, scopes, request, worst))
                .onSuccess(r -> payBacklog())
                .compose(r -> switch (r.get(0).toInteger()) {
                    case 1 -> {
                        observe(scopes, r);
                        yield Future.succeededFuture(new SharedAdmission(scopes, request, worst, r));
                    }
                    case 3 -> attempt < 2
                            ? seed(scopes, r).compose(v -> shared(scopes, request, worst, attempt + 1))
                            : Future.failedFuture(new IllegalStateException("budget counters missing after seeding"));
                    default -> {
                        observe(scopes, r);
                        yield refuse(scopes, r);
                    }
                });
    }

    /** Hands the shared spend the script reported after its per-scope rate state to the fallback. */
    private void observe(List<Scope> scopes, Response r) {
        try {
            int at = 6 + 4 * scopes.size();
            LocalDate day = LocalDate.parse(r.get(1).toString());
            for (int i = 0; i < scopes.size(); i++) {
                local.observe(scopes.get(i).name(), day, r.get(at).toLong(), r.get(at + 1 + 2 * i).toLong(),
                        r.get(at + 2 + 2 * i).toLong());
            }
        } catch (RuntimeException e) {
            // The decision stands; the fallback just keeps an older baseline.
            log.debug("Unreadable spend report from the admit script: {}", e.toString());
        }
    }

    private Future<Admission> refuse(List<Scope> scopes, Response r) {
        Scope scope = scopes.get(r.get(4).toInteger() - 1);
        String limit = r.get(5).toString();
        ApiException e = r.get(0).toInteger() == 2
                ? scope.budgetExhausted(limit)
                : scope.rateLimited(limit, Duration.ofNanos(r.get(3).toLong() * 1_000), rateHeaders(scopes, r));
        meters.rejected(e);
        return Future.failedFuture(e);
    }

    /** Creates the missing budget counters from the durable totals. */
    private Future<Void> seed(List<Scope> scopes, Response r) {
        String day = r.get(1).toString();
        String month = r.get(2).toString();
        List<Future<Void>> seeded = new ArrayList<>();
        for (int i = 3; i < r.size(); i++) {
            seeded.add(seed(scopes.get(r.get(i).toInteger() - 1), day, month));
        }
        return Future.all(seeded).mapEmpty();
    }

    /**
     * One scope's counters for one day: while a seeding is in flight, and for {@link #SEED_DEDUPE} after
     * it, requests that found them missing (their admit ran before the seed landed) wait for it or
     * simply retry, instead of asking the (blocking, durable) source again.
     */
    private Future<Void> seed(Scope scope, String day, String month) {
        String key = scope.name() + '|' + day;
        Promise<Void> mine = Promise.promise();
        Future<Void> running = seeding.putIfAbsent(key, mine.future());
        if (running != null) {
            return running;
        }
        vertx.<SpendSource.SpendTotals>executeBlocking(() -> {
            meters.seeded();
            return spend.totals(scope.name(), LocalDate.parse(day));
        }, false).compose(t -> call(SEED, List.of(prefix, day, month, Long.toString(DAY_TTL_SECONDS),
                Long.toString(MONTH_TTL_SECONDS), "1", scope.name(), Long.toString(t.dayMicros()),
                Long.toString(t.monthMicros())))).<Void>mapEmpty().onComplete(ar -> {
                    if (ar.failed()) {
                        seeding.remove(key, mine.future());
                    } else {
                        vertx.setTimer(SEED_DEDUPE.toMillis(), id -> seeding.remove(key, mine.future()));
                    }
                    mine.handle(ar);
                });
        return mine.future();
    }

    private Future<Admission> fallback(List<Scope> scopes, AdmissionRequest request, long worst, Throwable cause) {
        try {
            boolean localRates = rateLimitsOnDown == FailMode.CLOSED;
            boolean localBudgets = budgetsOnDown == FailMode.CLOSED;
            if (scopes.stream().anyMatch(Scope::hasRates)) {
                meters.fallback(LimitMetrics.CONTROL_RATE_LIMITS, localRates ? LimitMetrics.MODE_LOCAL : LimitMetrics.MODE_OPEN);
            }
            if (scopes.stream().anyMatch(Scope::hasBudgets)) {
                meters.fallback(LimitMetrics.CONTROL_BUDGETS, localBudgets ? LimitMetrics.MODE_LOCAL : LimitMetrics.MODE_OPEN);
            }
            log.debug("Admission without the shared limits: {}", cause.toString());
            return local.admit(Scope.keeping(scopes, localRates, localBudgets), request, worst)
                    .map(admission -> owing(scopes, admission));
        } catch (RuntimeException e) {
            return Future.succeededFuture(Admission.UNLIMITED);
        }
    }

    /** A fallback admission whose real cost, once settled, is owed to the shared budget counters. */
    private Admission owing(List<Scope> scopes, Admission local) {
        return new Admission() {
            @Override
            public Map<String, String> headers() {
                return local.headers();
            }

            @Override
            public void settle(TokenUsage used) {
                local.settle(used);
                try {
                    backlog.add(scopes, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), prices.costMicros(used));
                } catch (RuntimeException e) {
                    log.debug("could not note local spend: {}", e.toString());
                }
            }
        };
    }

    /** Redis answers again: hands it what was spent locally meanwhile (once; put back if it fails). */
    private void payBacklog() {
        if (backlog.isEmpty()) {
            return;
        }
        List<LocalSpendBacklog.Owed> owed = backlog.drain();
        List<String> args = new ArrayList<>(List.of(prefix));
        for (LocalSpendBacklog.Owed o : owed) {
            args.addAll(List.of(o.scope(), o.day().toString(), o.day().toString().substring(0, 7),
                    Long.toString(o.micros())));
        }
        call(RECONCILE, args).onFailure(e -> backlog.restore(owed));
    }

    /**
     * A timed-out admission may still run in Redis later and hold a slot and a reservation. A blind
     * release follows it; the script's per-request marker makes it a no-op if the admission never ran.
     */
    private void releaseAfterTimeout(Throwable e, List<Scope> scopes, AdmissionRequest request, long worst) {
        if (!(e instanceof TimeoutException)) {
            return;
        }
        try {
            SETTLE.run(redis, settleArgs(scopes, request, -request.estimatedInputTokens(), worst, 0, "", ""));
        } catch (RuntimeException ignored) {
            // Best effort: an unreleased lease expires, an unreleased reservation goes with its day.
        }
    }

    /** One Redis call: refused while the breaker is open, bounded by the timeout, its outcome recorded. */
    private Future<Response> call(LuaScript script, List<String> args) {
        return Breakers.call(breaker, timeoutMillis, () -> script.run(redis, args), BREAKER_OPEN).andThen(ar -> {
            if (ar.failed() && ar.cause() != BREAKER_OPEN) {
                meters.redisFailure(script.name);
            }
        });
    }

    private List<String> admitArgs(List<Scope> scopes, AdmissionRequest request, long worst) {
        List<String> args = new ArrayList<>(List.of(prefix, request.requestId(), Long.toString(leaseTtl.toNanos() / 1000),
                Long.toString(MARKER_SECONDS), Long.toString(request.estimatedInputTokens()), Long.toString(worst),
                Integer.toString(scopes.size())));
        for (Scope s : scopes) {
            var q = s.quota();
            args.addAll(List.of(s.name(), Long.toString(q.requestsPerMinute()), Long.toString(q.tokensPerMinute()),
                    Integer.toString(q.maxConcurrent()), Long.toString(q.dailyBudgetMicros()),
                    Long.toString(q.monthlyBudgetMicros())));
        }
        return args;
    }

    private List<String> settleArgs(List<Scope> scopes, AdmissionRequest request, long tokenDiff, long worst, long cost,
            String day, String month) {
        List<String> args = new ArrayList<>(List.of(prefix, request.requestId(), Long.toString(tokenDiff),
                Long.toString(worst), Long.toString(cost), day, month, Integer.toString(scopes.size())));
        for (Scope s : scopes) {
            var q = s.quota();
            args.addAll(List.of(s.name(), Long.toString(q.tokensPerMinute()), flag(q.maxConcurrent() > 0),
                    flag(q.dailyBudgetMicros() > 0), flag(q.monthlyBudgetMicros() > 0)));
        }
        return args;
    }

    private static String flag(boolean on) {
        return on ? "1" : "0";
    }

    /** The rate-limit headers from the per-scope state the admit script returns after its first six fields. */
    private static Map<String, String> rateHeaders(List<Scope> scopes, Response r) {
        int rs = RateHeaders.shownScope(scopes, false);
        int ts = RateHeaders.shownScope(scopes, true);
        return RateHeaders.of(
                rs < 0 ? null : new RateHeaders.Bucket(scopes.get(rs).quota().requestsPerMinute(),
                        r.get(6 + 4 * rs).toLong(), LocalLimiter.instant(r.get(7 + 4 * rs).toLong())),
                ts < 0 ? null : new RateHeaders.Bucket(scopes.get(ts).quota().tokensPerMinute(),
                        r.get(8 + 4 * ts).toLong(), LocalLimiter.instant(r.get(9 + 4 * ts).toLong())));
    }

    private final class SharedAdmission implements Admission {
        private final List<Scope> scopes;
        private final AdmissionRequest request;
        private final long worst;
        private final String day;
        private final String month;
        private final Map<String, String> headers;
        private final AtomicBoolean settled = new AtomicBoolean();

        SharedAdmission(List<Scope> scopes, AdmissionRequest request, long worst, Response r) {
            this.scopes = scopes;
            this.request = request;
            this.worst = worst;
            this.day = r.get(1).toString();
            this.month = r.get(2).toString();
            this.headers = rateHeaders(scopes, r);
        }

        @Override
        public Map<String, String> headers() {
            return headers;
        }

        @Override
        public void settle(TokenUsage used) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            try {
                TokenUsage u = used == null ? TokenUsage.none(request.model()) : used;
                call(SETTLE, settleArgs(scopes, request, u.total() - request.estimatedInputTokens(), worst,
                        prices.costMicros(u), day, month))
                        .onFailure(e -> meters.settleFailed());
            } catch (RuntimeException e) {
                meters.settleFailed();
            }
        }
    }
}
