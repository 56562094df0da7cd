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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

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
 * <p>Budgets here count only what this process admitted since it started (or since it fell back):
 * the durable totals are not consulted on the request path.
 */
public final class LocalLimiter implements AdmissionControl {
    static final double WINDOW_MICROS = 60_000_000d;
    private static final double SLACK_MICROS = 1_000d;

    private final PriceTable prices;
    private final Clock clock;
    private final int replicas;
    private final double leaseMicros;
    private final Meters meters;
    private final Cache<String, State> states =
            Caffeine.newBuilder().maximumSize(200_000).expireAfterAccess(Duration.ofDays(32)).build();

    /** The embedded default: limits per process, no Redis. */
    public static AdmissionControl local(PriceTable prices, Clock clock, MeterRegistry registry) {
        return new LocalLimiter(prices, clock, 1, RedisAdmissionControl.DEFAULT_LEASE_TTL, new Meters(registry));
    }

    LocalLimiter(PriceTable prices, Clock clock, int replicas, Duration leaseTtl, Meters meters) {
        this.prices = prices;
        this.clock = clock;
        this.replicas = Math.max(1, replicas);
        this.leaseMicros = leaseTtl.toNanos() / 1000d;
        this.meters = meters;
    }

    @Override
    public Future<Admission> admit(Principal who, AdmissionRequest request) {
        try {
            long worst = prices.worstCaseMicros(request.model(), request.estimatedInputTokens(), request.maxTokens());
            return admit(Scope.of(who), request, worst);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    Future<Admission> admit(List<Scope> scopes, AdmissionRequest request, long worstMicros) {
        if (scopes.isEmpty()) {
            return Future.succeededFuture(Admission.UNLIMITED);
        }
        try {
            return Future.succeededFuture(decide(scopes, request, worstMicros));
        } catch (ApiException e) {
            meters.rejected(e);
            return Future.failedFuture(e);
        }
    }

    private Admission decide(List<Scope> scopes, AdmissionRequest request, long worst) {
        Instant instant = clock.instant();
        double now = micros(instant);
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        List<State> held = lock(scopes);
        try {
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
        } finally {
            unlock(held);
        }
    }

    private Refusal check(Scope scope, State s, AdmissionRequest request, double now, LocalDate day) {
        Limits l = limits(scope.quota());
        s.roll(day, now);
        Refusal r = null;
        if (l.daily > 0 && s.daySpent + s.dayReserved >= l.daily) {
            r = Refusal.worse(r, new Refusal(scope, "daily", 0, true));
        }
        if (l.monthly > 0 && s.monthSpent + s.monthReserved >= l.monthly) {
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

    private Limits limits(Quota q) {
        int concurrent = q.maxConcurrent() == 0 ? 0 : Math.max(1, q.maxConcurrent() / replicas);
        return new Limits(q.requestsPerMinute() / (double) replicas, q.tokensPerMinute() / (double) replicas,
                concurrent, q.dailyBudgetMicros() / (double) replicas, q.monthlyBudgetMicros() / (double) replicas);
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

    /** Each limit of a quota as this process enforces it; zero means none. */
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
