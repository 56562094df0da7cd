package dev.switchyard.auth.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.auth.Quota;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.pricing.PriceTable;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits and budgets kept in this process: the embedded default (no Redis, one replica) and the CLOSED
 * fallback of {@link RedisAdmissionControl}, where each limit is divided by the replica count so that
 * the replicas together stay near the shared limit.
 *
 * <p>Concurrency: one {@code State} per scope, each with its own lock. A request locks its scopes in
 * list order (the key's before the tenant's, always, so two requests cannot deadlock), checks every
 * limit, then applies all of them: all-or-nothing without a global lock. The critical sections are a
 * few arithmetic operations, so taking them on the event loop is fine. Time comes from the injected
 * {@link Clock}. The rate algorithm is the same GCRA as the Redis script's.
 *
 * <p>Budgets start from a baseline per scope and UTC period (day, month): what was already spent
 * before this process counted. As the CLOSED fallback, the baseline is the newest spent + reserved
 * Redis reported for the scope ({@link #observe}); for a scope Redis never reported in that period, and
 * in the embedded default, it is the durable total of the {@link SpendSource}, loaded once per scope
 * and day (and month) on a worker thread while that scope's admissions wait (a failed load counts from
 * zero: availability over a budget nobody can read). This process then admits while what it reserved
 * and spent locally in the period is below {@code max(0, budget - baseline) / replicas}. A newer
 * baseline does not reset that local count: Redis never learns of local spend, so it stays counted.
 *
 * <p>Bound: that check and the reservation of the worst case happen under the scope's lock, so this
 * process admits at most its share plus one request's worst case per period and budget. With N
 * replicas in fallback from baselines B_i, the local total is at most
 * {@code sum((budget - B_i) / N + worstCase)}: the shared remainder plus one worst case per replica.
 * Local spend never reaches Redis, so a key that keeps spending through Redis after a fallback may
 * exceed its budget by what the fallback admitted.
 */
public final class LocalLimiter implements AdmissionControl {
    static final double WINDOW_MICROS = 60_000_000d;
    private static final double SLACK_MICROS = 1_000d;
    /** A load that completes after the UTC day rolled leaves the new day unknown; a few rounds cover that. */
    private static final int LOAD_ROUNDS = 4;
    private static final Logger log = LoggerFactory.getLogger(LocalLimiter.class);

    private final Vertx vertx;
    private final PriceTable prices;
    private final SpendSource spend;
    private final Clock clock;
    private final int replicas;
    private final double leaseMicros;
    private final Meters meters;
    /** Set while loads fail, so that a database outage is logged once, not once per scope. */
    private final AtomicBoolean loadsFailing = new AtomicBoolean();
    /**
     * Maintenance (draining the recorded reads, expiring) runs on the caller, an event loop: it is a few
     * microseconds amortised, where handing it to the common pool woke a pool thread every few requests.
     */
    private final Cache<String, State> states = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterAccess(Duration.ofDays(32)).executor(Runnable::run).build();

    /**
     * The embedded default: limits per process, no Redis. Budgets continue from {@code spend}'s durable
     * totals, so a restart does not give a day's or a month's budget again.
     */
    public static AdmissionControl local(Vertx vertx, PriceTable prices, SpendSource spend, Clock clock,
            MeterRegistry registry) {
        return new LocalLimiter(vertx, prices, spend, clock, 1, RedisAdmissionControl.DEFAULT_LEASE_TTL,
                new Meters(registry));
    }

    LocalLimiter(Vertx vertx, PriceTable prices, SpendSource spend, Clock clock, int replicas, Duration leaseTtl,
            Meters meters) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.prices = prices;
        this.spend = Objects.requireNonNull(spend, "spend");
        this.clock = clock;
        this.replicas = Math.max(1, replicas);
        this.leaseMicros = leaseTtl.toNanos() / 1000d;
        this.meters = meters;
    }

    @Override
    public Future<Admission> admit(Principal who, AdmissionRequest request) {
        try {
            long worst = ReservationBounds.worstCase(prices, request);
            return admit(Scope.of(who), request, worst);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    Future<Admission> admit(List<Scope> scopes, AdmissionRequest request, long worstMicros) {
        if (scopes.isEmpty()) {
            return Future.succeededFuture(Admission.UNLIMITED);
        }
        return admit(scopes, request, worstMicros, 1);
    }

    /** Decides at once when every budget's baseline is known, else after the loads it waits for. */
    private Future<Admission> admit(List<Scope> scopes, AdmissionRequest request, long worst, int round) {
        Instant instant = clock.instant();
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        List<State> held = lock(scopes);
        Future<Void> loads;
        try {
            loads = round < LOAD_ROUNDS ? baselines(scopes, held, day) : null;
            if (loads == null) {
                return Future.succeededFuture(decide(scopes, held, request, worst, instant, day));
            }
        } catch (ApiException e) {
            meters.rejected(e);
            return Future.failedFuture(e);
        } finally {
            unlock(held);
        }
        return loads.compose(v -> admit(scopes, request, worst, round + 1));
    }

    /** Called with every scope locked. */
    private Admission decide(List<Scope> scopes, List<State> held, AdmissionRequest request, long worst,
            Instant instant, LocalDate day) {
        double now = micros(instant);
        Refusal refusal = null;
        for (int i = 0; i < scopes.size(); i++) {
            refusal = Refusal.worse(refusal, check(scopes.get(i), held.get(i), request, now, day));
        }
        if (refusal != null) {
            throw refusal.exception(headers(scopes, held, now));
        }
        for (int i = 0; i < scopes.size(); i++) {
            take(limits(scopes.get(i).quota()), held.get(i), request, worst, now);
        }
        return new LocalAdmission(scopes, held, request, worst, day, headers(scopes, held, now));
    }

    private Refusal check(Scope scope, State s, AdmissionRequest request, double now, LocalDate day) {
        Limits l = limits(scope.quota());
        s.roll(day, now);
        budgetsUsed(l, s, day);
        Refusal r = null;
        if (l.daily > 0 && s.daySpent + s.dayReserved >= share(l.daily, State.used(s.dayBase, day))) {
            r = Refusal.worse(r, new Refusal(scope, "daily", 0, true));
        }
        if (l.monthly > 0
                && s.monthSpent + s.monthReserved >= share(l.monthly, State.used(s.monthBase, YearMonth.from(day)))) {
            r = Refusal.worse(r, new Refusal(scope, "monthly", 0, true));
        }
        if (l.rpm > 0) {
            r = Refusal.worse(r, rate(scope, "rpm", over(s.rpmTat, now, l.rpm, 1)));
        }
        if (l.tpm > 0) {
            r = Refusal.worse(r, rate(scope, "tpm", over(s.tpmTat, now, l.tpm, request.estimatedInputTokens())));
        }
        if (l.concurrent > 0 && s.leases.size() >= l.concurrent) {
            double first = s.leases.values().stream().mapToDouble(Double::doubleValue).min().orElse(now);
            r = Refusal.worse(r, new Refusal(scope, "concurrent", Math.min(first - now, 1_000_000d), false));
        }
        return r;
    }

    /** The period's spend as far as this process knows: the baseline plus its own share, counted for every replica. */
    private void budgetsUsed(Limits l, State s, LocalDate day) {
        meters.budgetUsed(LimitMetrics.PERIOD_DAILY,
                State.used(s.dayBase, day) + (s.daySpent + s.dayReserved) * replicas, (long) l.daily);
        meters.budgetUsed(LimitMetrics.PERIOD_MONTHLY, State.used(s.monthBase, YearMonth.from(day))
                + (s.monthSpent + s.monthReserved) * replicas, (long) l.monthly);
    }

    /** What this process may still take of a budget, once the baseline is spent elsewhere. */
    private double share(double budget, long baseline) {
        return Math.max(0, budget - baseline) / replicas;
    }

    /**
     * Starts (or joins) the durable-total loads of the scopes whose budgets have no baseline for today;
     * null when none is missing. Called with every scope locked, so one load per scope and day.
     */
    private Future<Void> baselines(List<Scope> scopes, List<State> held, LocalDate day) {
        List<Future<Void>> loads = null;
        for (int i = 0; i < scopes.size(); i++) {
            State s = held.get(i);
            if (!s.needsBaseline(scopes.get(i).quota(), day)) {
                continue;
            }
            if (spend == SpendSource.NONE) {
                s.fromDurable(day, new SpendSource.SpendTotals(0, 0));
                continue;
            }
            if (loads == null) {
                loads = new ArrayList<>(scopes.size());
            }
            loads.add(s.loading != null && day.equals(s.loadingDay) ? s.loading : load(scopes.get(i).name(), s, day));
        }
        return loads == null ? null : Future.join(loads).mapEmpty();
    }

    /** Reads the durable totals on a worker thread; never fails (a failed load counts from zero). */
    private Future<Void> load(String scope, State s, LocalDate day) {
        Promise<Void> loaded = Promise.promise();
        s.loading = loaded.future();
        s.loadingDay = day;
        Future<SpendSource.SpendTotals> totals;
        try {
            totals = vertx.executeBlocking(() -> {
                meters.seeded();
                return spend.totals(scope, day);
            }, false);
        } catch (RuntimeException e) {
            totals = Future.failedFuture(e);
        }
        totals.onComplete(ar -> {
            s.lock.lock();
            try {
                s.fromDurable(day, ar.succeeded() ? ar.result() : failedLoad(ar.cause()));
                if (s.loading == loaded.future()) {
                    s.loading = null;
                }
            } finally {
                s.lock.unlock();
            }
            loaded.complete();
        });
        return loaded.future();
    }

    private SpendSource.SpendTotals failedLoad(Throwable cause) {
        // The scope stays out of the message: it names a key.
        if (loadsFailing.compareAndSet(false, true)) {
            log.warn("Durable spend totals unavailable; local budgets count from zero until they load: {}",
                    cause.toString());
        }
        return new SpendSource.SpendTotals(0, 0);
    }

    /**
     * What Redis reported a scope has spent and reserved after one of its decisions (-1: no such budget).
     * The newest report by Redis time wins; it is the baseline of the fallback.
     */
    void observe(String scope, LocalDate day, long atMicros, long dayUsed, long monthUsed) {
        if (dayUsed < 0 && monthUsed < 0) {
            return;
        }
        State s = states.get(scope, n -> new State());
        s.lock.lock();
        try {
            s.fromRedis(day, atMicros, dayUsed, monthUsed);
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Raises a scope's local rate state to at least these theoretical arrival times (clock micros): the
     * fallback starts from what Redis last reported ({@link FallbackFloor}), never below what it took itself.
     */
    void floor(String scope, double rpmTat, double tpmTat) {
        State s = states.get(scope, n -> new State());
        s.lock.lock();
        try {
            s.rpmTat = Math.max(s.rpmTat, rpmTat);
            s.tpmTat = Math.max(s.tpmTat, tpmTat);
        } finally {
            s.lock.unlock();
        }
    }

    private static Refusal rate(Scope scope, String limit, double over) {
        return over > SLACK_MICROS ? new Refusal(scope, limit, over, false) : null;
    }

    private void take(Limits l, State s, AdmissionRequest request, long worst, double now) {
        if (l.rpm > 0) {
            s.rpmTat = Math.max(s.rpmTat, now) + WINDOW_MICROS / l.rpm;
        }
        if (l.tpm > 0) {
            s.tpmTat = Math.max(s.tpmTat, now) + request.estimatedInputTokens() * WINDOW_MICROS / l.tpm;
        }
        if (l.concurrent > 0) {
            s.leases.put(request.requestId(), now + leaseMicros);
        }
        if (l.daily > 0) {
            s.dayReserved += worst;
        }
        if (l.monthly > 0) {
            s.monthReserved += worst;
        }
    }

    private void settle(LocalAdmission a, TokenUsage used) {
        long diff = used.total() - a.request.estimatedInputTokens();
        long cost = prices.costMicros(used);
        double now = micros(clock.instant());
        List<State> held = a.states;
        lockAll(held);
        try {
            for (int i = 0; i < held.size(); i++) {
                give(limits(a.scopes.get(i).quota()), held.get(i), a, diff, cost, now);
            }
        } finally {
            unlock(held);
        }
    }

    private static void give(Limits l, State s, LocalAdmission a, long diff, long cost, double now) {
        if (l.tpm > 0 && diff != 0) {
            // More tokens than estimated put the bucket in debt; fewer give some back.
            s.tpmTat = Math.max(Math.max(s.tpmTat, now) + diff * WINDOW_MICROS / l.tpm, now);
        }
        s.leases.remove(a.request.requestId());
        // A reservation made on an earlier day (or month) went with that day's counters.
        if (l.daily > 0 && a.day.equals(s.day)) {
            s.dayReserved -= a.worst;
            s.daySpent += cost;
        }
        if (l.monthly > 0 && YearMonth.from(a.day).equals(s.month)) {
            s.monthReserved -= a.worst;
            s.monthSpent += cost;
        }
    }

    private Map<String, String> headers(List<Scope> scopes, List<State> held, double now) {
        int r = RateHeaders.shownScope(scopes, false);
        int t = RateHeaders.shownScope(scopes, true);
        return RateHeaders.of(
                r < 0 ? null : bucket(held.get(r).rpmTat, now, limits(scopes.get(r).quota()).rpm),
                t < 0 ? null : bucket(held.get(t).tpmTat, now, limits(scopes.get(t).quota()).tpm));
    }

    /** How far past the window a request of {@code cost} would push the bucket (positive: refused). */
    static double over(double tat, double now, double limit, double cost) {
        double interval = WINDOW_MICROS / limit;
        return Math.max(tat, now) - now + Math.min(cost * interval, WINDOW_MICROS) - WINDOW_MICROS;
    }

    static RateHeaders.Bucket bucket(double tat, double now, double limit) {
        double start = Math.max(tat, now);
        long remaining = (long) Math.floor((WINDOW_MICROS - (start - now) + SLACK_MICROS) / (WINDOW_MICROS / limit));
        return new RateHeaders.Bucket(limit, remaining, instant(start));
    }

    static double micros(Instant i) {
        return i.getEpochSecond() * 1_000_000d + i.getNano() / 1_000;
    }

    static Instant instant(double micros) {
        long m = (long) Math.ceil(micros);
        return Instant.ofEpochSecond(Math.floorDiv(m, 1_000_000L), Math.floorMod(m, 1_000_000L) * 1_000L);
    }

    /** The rates as this process's share; the budgets whole (their share depends on the baseline). */
    private Limits limits(Quota q) {
        int concurrent = q.maxConcurrent() == 0 ? 0 : Math.max(1, q.maxConcurrent() / replicas);
        return new Limits(q.requestsPerMinute() / (double) replicas, q.tokensPerMinute() / (double) replicas,
                concurrent, q.dailyBudgetMicros(), q.monthlyBudgetMicros());
    }

    private List<State> lock(List<Scope> scopes) {
        List<State> held = new ArrayList<>(scopes.size());
        for (Scope s : scopes) {
            held.add(states.get(s.name(), n -> new State()));
        }
        lockAll(held);
        return held;
    }

    private static void lockAll(List<State> held) {
        held.forEach(s -> s.lock.lock());
    }

    private static void unlock(List<State> held) {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).lock.unlock();
        }
    }

    /** Each limit of a quota as this process enforces it; zero means none. Budgets are before the share. */
    private record Limits(double rpm, double tpm, int concurrent, double daily, double monthly) {}

    private record Refusal(Scope scope, String limit, double retryMicros, boolean budget) {
        /** A spent budget outranks a rate limit (waiting does not help); among rate limits the longest wait wins. */
        static Refusal worse(Refusal a, Refusal b) {
            if (a == null || b == null) {
                return a == null ? b : a;
            }
            if (a.budget != b.budget) {
                return a.budget ? a : b;
            }
            return b.retryMicros > a.retryMicros ? b : a;
        }

        ApiException exception(Map<String, String> headers) {
            if (budget) {
                return scope.budgetExhausted(limit);
            }
            return scope.rateLimited(limit, Duration.ofNanos((long) Math.ceil(retryMicros * 1_000)), headers);
        }
    }

    /** Spent + reserved in {@code period} before this process counted; {@code at} orders Redis reports. */
    private record Baseline<P>(P period, long used, long at) {
        /** A durable total is older than any Redis report of the same period. */
        static final long DURABLE = Long.MIN_VALUE;
    }

    /** What this process knows of one scope. Guarded by {@code lock}. */
    private static final class State {
        final ReentrantLock lock = new ReentrantLock();
        double rpmTat;
        double tpmTat;
        final Map<String, Double> leases = new HashMap<>();
        LocalDate day;
        double daySpent;
        double dayReserved;
        YearMonth month;
        double monthSpent;
        double monthReserved;
        Baseline<LocalDate> dayBase;
        Baseline<YearMonth> monthBase;
        Future<Void> loading;
        LocalDate loadingDay;

        boolean needsBaseline(Quota q, LocalDate today) {
            return (q.dailyBudgetMicros() > 0 && !has(dayBase, today))
                    || (q.monthlyBudgetMicros() > 0 && !has(monthBase, YearMonth.from(today)));
        }

        private static boolean has(Baseline<?> b, Object period) {
            return b != null && b.period.equals(period);
        }

        /** Zero when unknown: only after the day rolled during every load round. */
        static long used(Baseline<?> b, Object period) {
            return has(b, period) ? b.used : 0;
        }

        void fromRedis(LocalDate d, long at, long dayUsed, long monthUsed) {
            if (dayUsed >= 0) {
                dayBase = newer(dayBase, new Baseline<>(d, dayUsed, at));
            }
            if (monthUsed >= 0) {
                monthBase = newer(monthBase, new Baseline<>(YearMonth.from(d), monthUsed, at));
            }
        }

        /**
         * Fills only a gap: a period that already has a baseline keeps it (Redis's is fresher, and after an
         * earlier load this process's own counters already hold what was spent since).
         */
        void fromDurable(LocalDate d, SpendSource.SpendTotals t) {
            if (!has(dayBase, d)) {
                dayBase = new Baseline<>(d, t.dayMicros(), Baseline.DURABLE);
            }
            YearMonth m = YearMonth.from(d);
            if (!has(monthBase, m)) {
                monthBase = new Baseline<>(m, t.monthMicros(), Baseline.DURABLE);
            }
        }

        private static <P extends Comparable<? super P>> Baseline<P> newer(Baseline<P> old, Baseline<P> b) {
            if (old == null) {
                return b;
            }
            int c = b.period.compareTo(old.period);
            return c > 0 || (c == 0 && b.at >= old.at) ? b : old;
        }

        /** Starts new budget periods and drops leases a lost settle never gave back. */
        void roll(LocalDate today, double now) {
            if (!today.equals(day)) {
                day = today;
                daySpent = 0;
                dayReserved = 0;
            }
            YearMonth m = YearMonth.from(today);
            if (!m.equals(month)) {
                month = m;
                monthSpent = 0;
                monthReserved = 0;
            }
            leases.values().removeIf(expiry -> expiry <= now);
        }
    }

    private final class LocalAdmission implements Admission {
        final List<Scope> scopes;
        final List<State> states;
        final AdmissionRequest request;
        final long worst;
        final LocalDate day;
        final Map<String, String> headers;
        final AtomicBoolean settled = new AtomicBoolean();

        LocalAdmission(List<Scope> scopes, List<State> states, AdmissionRequest request, long worst, LocalDate day,
                Map<String, String> headers) {
            this.scopes = scopes;
            this.states = List.copyOf(states);
            this.request = request;
            this.worst = worst;
            this.day = day;
            this.headers = headers;
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
                LocalLimiter.this.settle(this, used == null ? TokenUsage.none(request.model()) : used);
            } catch (RuntimeException e) {
                meters.settleFailed();
            }
        }
    }
}
