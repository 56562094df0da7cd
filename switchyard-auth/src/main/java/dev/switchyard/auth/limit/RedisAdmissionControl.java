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
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits, concurrency limits and spend budgets shared by all replicas through one Redis.
 *
 * <p>Design: Redis holds the shared counters and decides, atomically in Lua, on grants; a replica spends
 * what it was granted locally. A request with no credit at hand waits, with the others of its scope set
 * (key and tenant) that arrive meanwhile, for one grant call ({@code grant.lua}) that admits them in order,
 * each all or nothing against every limit, exactly as if each had asked alone. A scope set that is busy
 * (at least {@link #HOT_DEMAND} admissions in the last {@link #SYNC_PERIOD}) is also granted credit for
 * about two more periods of requests, at most {@code 1/(4 * replicas)} of what each limit has left, and asks
 * for more before it runs out, so that most requests are decided in memory. What requests really used,
 * and credit unused for {@link #CREDIT_TTL}, go back to Redis every period in one call ({@code sync.lua}),
 * idempotent per batch, resent until acknowledged. A grant whose reply comes after the timeout counts
 * once: its admissions of requests the fallback let in stand for them, the rest becomes credit. Time in the scripts is Redis {@code TIME}, so
 * replicas with skewed clocks agree.
 *
 * <p>Bounds: Redis never grants beyond a limit (prefetched credit is reserved there like admitted
 * requests), so replicas together stay within every limit; what a busy replica holds unused is at most a
 * quarter of what was left divided by the replica count, given back within {@link #CREDIT_TTL}. Budgets
 * reserve the worst case while something is left, so concurrent requests overspend by at most one
 * request's worst case. Concurrency slots are leases that expire, so a crashed replica's slots come back.
 *
 * <p>Rate algorithm: GCRA (generic cell rate algorithm). Each per-minute limit is one number in Redis,
 * its theoretical arrival time; a request of cost c is in if it pushes that time at most one minute
 * ahead of now. Chosen over a token bucket because it is one value per limit (no separate level and
 * timestamp to keep consistent), debt after settlement is simply a time further ahead, and the time
 * the bucket is full again, which the reset headers need, is the stored value itself.
 *
 * <p>When Redis is slow or down (every call bounded by the configured timeout, a circuit breaker stops
 * calling it) each control falls back as configured: CLOSED to a {@link LocalLimiter} enforcing
 * 1/replicas of each rate limit and of what is left of each budget after the spend Redis last reported
 * (every grant reports it), OPEN to no limit. Redis never causes a 5xx. Single Redis server only: the
 * scripts build the day's budget keys themselves (not Redis Cluster safe).
 *
 * <p>A fallback must not over-admit when Redis is only slow (a timeout on a loaded machine, while the other
 * replicas go on deciding through Redis). Two things made it do so, and are closed: (1) the local limiter
 * started from a fresh bucket, so each replica could let a whole share through although Redis had just
 * refused the key; now the local rate state of a scope set starts from what the last grant reported
 * ({@link FallbackFloor}): this replica's share of what Redis had left, refilling at its share of the rate.
 * (2) What the fallback let in never reached Redis, so the others went on admitting against a count that
 * lacked it; now each timed-out request is settled once both Redis's late answer and the local decision are
 * known ({@link Allowance.Late}): Redis's admission stands for a request let in locally, becomes credit for
 * one refused, and a request let in locally that Redis did not count is charged at the next sync. Syncs go
 * out even while the breaker is open (they are off the request path), so charges land while Redis is slow;
 * charges older than a minute are dropped, so that a long outage does not lock keys out afterwards.
 */
public final class RedisAdmissionControl implements AdmissionControl {
    static final Duration DEFAULT_LEASE_TTL = Duration.ofMinutes(15);
    static final Duration SEED_DEDUPE = Duration.ofMillis(500);
    static final Duration SYNC_PERIOD = Duration.ofMillis(100);
    static final Duration CREDIT_TTL = Duration.ofSeconds(1);
    static final int HOT_DEMAND = 20;
    private static final int MAX_BATCH = 64;
    private static final int MAX_UNITS = 4_096;
    private static final Logger log = LoggerFactory.getLogger(RedisAdmissionControl.class);
    private static final long SYNC_MARKER_SECONDS = Duration.ofMinutes(10).toSeconds();
    private static final long DAY_TTL_SECONDS = Duration.ofDays(3).toSeconds();
    private static final long MONTH_TTL_SECONDS = Duration.ofDays(33).toSeconds();
    /** A scope set unused this long, holding and owing nothing, is dropped from memory. */
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(1);
    private static final LuaScript GRANT = LuaScript.load("grant");
    private static final LuaScript SYNC = LuaScript.load("sync");
    private static final LuaScript SEED = LuaScript.load("seed");
    private static final LuaScript RECONCILE = LuaScript.load("reconcile");
    /** The open breaker's refusal: a normal, frequent outcome, so one shared instance. */
    private static final IllegalStateException BREAKER_OPEN = new IllegalStateException("Redis breaker open");

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
    private final long maxSlotAgeNanos;
    private final long idleNanos;
    private final double fraction;
    private final Map<String, Future<Void>> seeding = new ConcurrentHashMap<>();
    private final Map<List<Scope>, Allowance> allowances = new ConcurrentHashMap<>();
    private final LocalSpendBacklog backlog = new LocalSpendBacklog();
    private final Clock clock;
    private final LongSupplier ticker;
    private final String replicaId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final AtomicLong sequence = new AtomicLong();
    private final SyncQueue syncs;
    private final long timer;

    public RedisAdmissionControl(Vertx vertx, RedisConfig config, FailMode rateLimitsOnDown, FailMode budgetsOnDown,
            int replicas, PriceTable prices, SpendSource spend, Clock clock, MeterRegistry registry) {
        this(vertx, config, rateLimitsOnDown, budgetsOnDown, replicas, prices, spend, clock, registry,
                DEFAULT_LEASE_TTL, DEFAULT_IDLE);
    }

    RedisAdmissionControl(Vertx vertx, RedisConfig config, FailMode rateLimitsOnDown, FailMode budgetsOnDown,
            int replicas, PriceTable prices, SpendSource spend, Clock clock, MeterRegistry registry, Duration leaseTtl,
            Duration idle) {
        this(vertx, config, rateLimitsOnDown, budgetsOnDown, replicas, prices, spend, clock, registry, leaseTtl, idle,
                System::nanoTime);
    }

    /**
     * @param ticker nanoseconds for busyness, credit, slot and idle ages (System::nanoTime); tests move one by
     *     hand, since those rules are about rates, which a loaded machine's real time distorts
     */
    RedisAdmissionControl(Vertx vertx, RedisConfig config, FailMode rateLimitsOnDown, FailMode budgetsOnDown,
            int replicas, PriceTable prices, SpendSource spend, Clock clock, MeterRegistry registry, Duration leaseTtl,
            Duration idle, LongSupplier ticker) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("Redis admission control needs a Redis url; use LocalLimiter.local");
        }
        this.vertx = vertx;
        this.prefix = config.keyPrefix();
        this.timeoutMillis = Math.max(1, config.timeout().toMillis());
        this.breaker = CircuitBreaker.of("redis-limits", Breakers.sharedStore(config.breaker(), clock));
        this.rateLimitsOnDown = rateLimitsOnDown;
        this.budgetsOnDown = budgetsOnDown;
        this.prices = prices;
        this.spend = spend;
        this.meters = new Meters(registry);
        this.leaseTtl = leaseTtl;
        this.maxSlotAgeNanos = leaseTtl.toNanos() / 2;
        this.idleNanos = idle.toNanos();
        this.fraction = 1d / (4 * Math.max(1, replicas));
        this.clock = clock;
        this.ticker = ticker;
        this.local = new LocalLimiter(vertx, prices, spend, clock, replicas, leaseTtl, meters);
        RedisOptions options = new RedisOptions().setConnectionString(config.url()).setMaxPoolSize(16)
                .setMaxPoolWaiting(4096);
        options.getNetClientOptions().setConnectTimeout((int) Math.max(timeoutMillis, 1000));
        this.redis = Redis.createClient(vertx, options);
        this.syncs = new SyncQueue(prefix, replicaId, SYNC_MARKER_SECONDS, this::sync, e -> {
            meters.settleFailed();
            log.warn("Redis refused a sync of usage and credit; dropped: {}", e.getMessage());
        });
        this.timer = vertx.setPeriodic(SYNC_PERIOD.toMillis(), id -> tick(false));
        // The first decisions must not spend their short timeout on a connection and a NOSCRIPT round trip.
        for (LuaScript script : List.of(GRANT, SYNC, SEED, RECONCILE)) {
            script.preload(redis).onFailure(e -> log.debug("Could not preload {}: {}", script.name, e.toString()));
        }
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
            worst = ReservationBounds.worstCase(prices, request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return shared(scopes, request, worst);
    }

    /** Gives back all unused credit and sends everything owed to Redis; completes when Redis has it. */
    public Future<Void> flush() {
        tick(true);
        return syncs.drain(() -> collect(true));
    }

    /** How many scope sets this replica keeps state for (idle ones are dropped). */
    int scopeSetsInMemory() {
        return allowances.size();
    }

    /** For tests: the Redis breaker, which runs on the injected clock. */
    CircuitBreaker breaker() {
        return breaker;
    }

    public Future<Void> close() {
        vertx.cancelTimer(timer);
        return flush().timeout(Math.max(timeoutMillis * 4, 1000), TimeUnit.MILLISECONDS)
                .transform(ar -> redis.close());
    }

    private Future<Admission> shared(List<Scope> scopes, AdmissionRequest request, long worst) {
        long now = ticker.getAsLong();
        Future<Admission> decided;
        Grant grant = null;
        while (true) {
            Allowance a = allowances.computeIfAbsent(scopes, k -> new Allowance(k, ticker.getAsLong()));
            a.lock.lock();
            try {
                if (a.retired) {
                    continue;
                }
                if (a.waiting.isEmpty() && a.covers(request, worst, now, maxSlotAgeNanos)) {
                    decided = Future.succeededFuture(take(a, request, worst, now));
                    grant = prefetchIfLow(a);
                } else {
                    Promise<Admission> waited = Promise.promise();
                    Allowance.Waiter w = new Allowance.Waiter(request, worst, waited, Vertx.currentContext());
                    a.waiting.addLast(w);
                    decided = waited.future().recover(e -> e instanceof ApiException ? Future.failedFuture(e)
                            : fallback(a, request, worst, e).andThen(ar -> late(a, w, w.decidedLocally(ar.succeeded()))));
                    if (!a.granting) {
                        grant = grant(a);
                    }
                }
            } finally {
                a.lock.unlock();
            }
            break;
        }
        send(grant);
        return decided;
    }

    /** Called under the allowance's lock. */
    private Admission take(Allowance a, AdmissionRequest request, long worst, long now) {
        Allowance.Slot slot = a.take(request, worst, now);
        return new SharedAdmission(a, request, worst, slot, a.creditDay, a.creditMonth, headers(a, true));
    }

    /** A grant for the requests waiting (up to {@link #MAX_BATCH}) and, when busy, credit. Under the lock. */
    private Grant grant(Allowance a) {
        a.granting = true;
        int batch = Math.min(a.waiting.size(), MAX_BATCH);
        List<Allowance.Waiter> waiters = new ArrayList<>(batch);
        long unitTokens = a.lastTokens;
        long unitMicros = a.lastWorst;
        for (Allowance.Waiter w : a.waiting) {
            if (waiters.size() == batch) {
                break;
            }
            waiters.add(w);
            unitTokens = Math.max(unitTokens, w.request.estimatedInputTokens());
            unitMicros = Math.max(unitMicros, w.worst);
        }
        // Two periods of demand: the next grant is asked for when one is left, so a slow reply is covered.
        int units = a.demand >= HOT_DEMAND ? Math.min(2 * a.demand, MAX_UNITS) : 0;
        return new Grant(a, waiters, replicaId + "-" + sequence.incrementAndGet(), units, unitTokens, unitMicros, 0);
    }

    /** Under the lock: a busy scope set asks for more before its credit runs out. */
    private Grant prefetchIfLow(Allowance a) {
        if (a.granting || a.demand < HOT_DEMAND || a.unitsLeft() >= a.demand) {
            return null;
        }
        return grant(a);
    }

    private void send(Grant g) {
        if (g == null) {
            return;
        }
        List<String> args;
        try {
            args = grantArgs(g);
        } catch (RuntimeException e) {
            failed(g, e, null);
            return;
        }
        meters.granting();
        AtomicReference<Future<Response>> reply = new AtomicReference<>();
        call(GRANT, args, reply::set).onComplete(ar -> {
            if (ar.succeeded()) {
                if (ar.result().get(0).toInteger() == 3) {
                    reseed(g, ar.result());
                } else {
                    granted(g, ar.result());
                }
                return;
            }
            Future<Response> late = reply.get();
            failed(g, ar.cause(), late);
        });
    }

    private void reseed(Grant g, Response r) {
        if (g.attempt() >= 2) {
            failed(g, new IllegalStateException("budget counters missing after seeding"), null);
            return;
        }
        seed(g.allowance().scopes, r).onComplete(ar -> {
            if (ar.failed()) {
                failed(g, ar.cause(), null);
            } else {
                send(new Grant(g.allowance(), g.waiters(), g.id(), g.units(), g.unitTokens(), g.unitMicros(),
                        g.attempt() + 1));
            }
        });
    }

    private void granted(Grant g, Response r) {
        payBacklog();
        observe(g.allowance().scopes, r);
        credit(g, r, true);
    }

    /**
     * Adds what Redis granted and, when the grant's waiters are still waiting for it, serves them: the
     * ones it admitted from the credit, the others refused with its refusal; then whoever queued behind.
     */
    private void credit(Grant g, Response r, boolean serve) {
        int admitted = r.get(3).toInteger();
        long units = r.get(4).toLong();
        int refused = serve ? g.waiters().size() - admitted : 0;
        ApiException refusal = null;
        List<Runnable> done = new ArrayList<>();
        Grant next = null;
        long now = ticker.getAsLong();
        // A grant in flight keeps its allowance; a late reply may find it dropped as idle: then its successor.
        Allowance a = live(g.allowance());
        try {
            String day = r.get(1).toString();
            String month = r.get(2).toString();
            long tokens = units * g.unitTokens();
            long micros = units * g.unitMicros();
            long credited = units;
            for (int i = 0; serve && i < admitted; i++) {
                Allowance.Waiter w = g.waiters().get(i);
                credited++;
                tokens += w.request.estimatedInputTokens();
                micros += w.worst;
            }
            // Each slot is one of the grant's in Redis: given back, it is counted against that grant.
            List<String> slots = a.limitsConcurrency ? Collections.nCopies((int) credited, g.id()) : List.of();
            a.credit(credited, tokens, micros, day, month, slots, now);
            for (int i = 0; !serve && i < g.waiters().size(); i++) {
                // Decided locally after the timeout: what each comes to depends on both answers.
                Allowance.Waiter w = g.waiters().get(i);
                a.late(w, w.redisAnswered(i < admitted, g.id(), day, month), now);
            }
            report(a, r);
            a.floor.reported(r.get(8).toLong(), LocalLimiter.micros(clock.instant()), a.rpmResetMicros,
                    a.tpmResetMicros);
            if (refused > 0) {
                refusal = refusal(a, r);
            }
            if (serve) {
                for (int i = 0; i < g.waiters().size(); i++) {
                    Allowance.Waiter w = a.waiting.pollFirst();
                    if (i < admitted) {
                        Admission admission = take(a, w.request, w.worst, now);
                        done.add(() -> w.complete(admission));
                    } else {
                        ApiException e = refusal;
                        done.add(() -> w.fail(e));
                    }
                }
                next = serveWaiting(a, now, done);
            }
        } finally {
            a.lock.unlock();
        }
        for (int i = 0; i < refused; i++) {
            meters.rejected(refusal);
        }
        done.forEach(Runnable::run);
        send(next);
    }

    /** Under the lock, after a grant: serves the queue from credit, then asks for the rest. */
    private Grant serveWaiting(Allowance a, long now, List<Runnable> done) {
        while (!a.waiting.isEmpty()) {
            Allowance.Waiter w = a.waiting.peekFirst();
            if (!a.covers(w.request, w.worst, now, maxSlotAgeNanos)) {
                break;
            }
            a.waiting.pollFirst();
            Admission admission = take(a, w.request, w.worst, now);
            done.add(() -> w.complete(admission));
        }
        a.granting = false;
        return a.waiting.isEmpty() ? prefetchIfLow(a) : grant(a);
    }

    /**
     * {@code a}, or the allowance that replaced it if it was dropped as idle, locked. A grant in flight or a
     * request waiting keeps an allowance from being dropped; a late reply or a settlement does not.
     */
    private Allowance live(Allowance a) {
        while (true) {
            a.lock.lock();
            if (!a.retired) {
                return a;
            }
            a.lock.unlock();
            a = allowances.computeIfAbsent(a.scopes, k -> new Allowance(k, ticker.getAsLong()));
        }
    }

    /** Applies what a request of a timed-out grant came to, once both answers are in (see {@link Allowance.Late}). */
    private void late(Allowance allowance, Allowance.Waiter w, Allowance.Late outcome) {
        if (outcome == Allowance.Late.WAIT || outcome == Allowance.Late.NOTHING) {
            return;
        }
        Allowance a = live(allowance);
        try {
            a.late(w, outcome, ticker.getAsLong());
        } finally {
            a.lock.unlock();
        }
    }

    /**
     * Redis did not answer in time (or its breaker is open): the grant's waiters are decided locally. {@code late}
     * is the call's reply still to come, if the grant was sent. What each waiter comes to is settled once both
     * its local decision and Redis's late answer are known ({@link Allowance.Late}): a late grant is not lost
     * (what it granted is credit, except the admissions of the waiters the fallback let in, which stand for
     * them), and a waiter let in locally that Redis did not count (refused, or never answered) is charged.
     */
    private void failed(Grant g, Throwable cause, Future<Response> late) {
        Allowance a = g.allowance();
        Grant next = null;
        a.lock.lock();
        try {
            for (int i = 0; i < g.waiters().size(); i++) {
                a.waiting.pollFirst();
            }
            a.granting = false;
            if (!a.waiting.isEmpty()) {
                next = grant(a);
            }
        } finally {
            a.lock.unlock();
        }
        g.waiters().forEach(w -> w.fail(cause));
        send(next);
        if (late == null) {
            notCounted(g);
        } else {
            late.onComplete(ar -> {
                if (ar.succeeded() && ar.result().get(0).toInteger() != 3) {
                    credit(g, ar.result(), false);
                } else {
                    notCounted(g);
                }
            });
        }
    }

    /** Redis did not admit the waiters of this grant (it refused, never ran or never answered it). */
    private void notCounted(Grant g) {
        g.waiters().forEach(w -> late(g.allowance(), w, w.redisAnswered(false, g.id(), null, null)));
    }

    /** The shared state a grant reported, kept for the rate headers. Under the lock. */
    private static void report(Allowance a, Response r) {
        for (int i = 0; i < a.scopes.size(); i++) {
            a.rpmRemaining[i] = r.get(scopeField(i, 0)).toLong();
            a.rpmResetMicros[i] = r.get(scopeField(i, 1)).toLong();
            a.tpmRemaining[i] = r.get(scopeField(i, 2)).toLong();
            a.tpmResetMicros[i] = r.get(scopeField(i, 3)).toLong();
        }
    }

    /**
     * Where field {@code k} of scope {@code scope} is in grant.lua's reply: nine fields, then six per scope
     * (rpm remaining, rpm reset, tpm remaining, tpm reset, day used, month used).
     */
    private static int scopeField(int scope, int k) {
        return 9 + 6 * scope + k;
    }

    /**
     * The rate headers from what Redis had left at the last grant, plus (after a request took its credit)
     * what this replica still holds. Under the lock.
     */
    private static Map<String, String> headers(Allowance a, boolean withCredit) {
        int rs = RateHeaders.shownScope(a.scopes, false);
        int ts = RateHeaders.shownScope(a.scopes, true);
        long heldRequests = withCredit ? Math.max(0, a.requests) : 0;
        long heldTokens = withCredit ? Math.max(0, a.tokens) : 0;
        return RateHeaders.of(
                rs < 0 ? null : new RateHeaders.Bucket(a.scopes.get(rs).quota().requestsPerMinute(),
                        a.rpmRemaining[rs] + heldRequests, LocalLimiter.instant(a.rpmResetMicros[rs])),
                ts < 0 ? null : new RateHeaders.Bucket(a.scopes.get(ts).quota().tokensPerMinute(),
                        a.tpmRemaining[ts] + heldTokens, LocalLimiter.instant(a.tpmResetMicros[ts])));
    }

    /** Hands the shared spend the grant reported to the fallback. */
    private void observe(List<Scope> scopes, Response r) {
        try {
            LocalDate day = LocalDate.parse(r.get(1).toString());
            long at = r.get(8).toLong();
            for (int i = 0; i < scopes.size(); i++) {
                local.observe(scopes.get(i).name(), day, at, r.get(scopeField(i, 4)).toLong(),
                        r.get(scopeField(i, 5)).toLong());
            }
        } catch (RuntimeException e) {
            // The decision stands; the fallback just keeps an older baseline.
            log.debug("Unreadable spend report from the grant script: {}", e.toString());
        }
    }

    /** The grant's refusal, with the shared state it reported (just kept by {@link #report}). Under the lock. */
    private static ApiException refusal(Allowance a, Response r) {
        Scope scope = a.scopes.get(r.get(6).toInteger() - 1);
        String limit = r.get(7).toString();
        return r.get(0).toInteger() == 2
                ? scope.budgetExhausted(limit)
                : scope.rateLimited(limit, Duration.ofNanos(r.get(5).toLong() * 1_000), headers(a, false));
    }

    /** Every {@link #SYNC_PERIOD}: demand measured, stale credit given back, idle scope sets dropped, one sync sent. */
    private void tick(boolean all) {
        long now = ticker.getAsLong();
        for (Allowance a : allowances.values()) {
            a.lock.lock();
            try {
                if (!all) {
                    a.demand = a.admittedNow;
                    a.admittedNow = 0;
                }
                a.expire(now, CREDIT_TTL.toNanos(), SYNC_PERIOD.toNanos(), all);
            } finally {
                a.lock.unlock();
            }
        }
        if (!all) {
            syncs.sendNext(() -> collect(false));
        }
    }

    /** What every scope set owes Redis, as sync entries; idle scope sets are dropped once they owe nothing. */
    private List<String> collect(boolean keepIdle) {
        List<String> entries = new ArrayList<>();
        int count = 0;
        long now = ticker.getAsLong();
        for (Allowance a : allowances.values()) {
            a.lock.lock();
            try {
                count += SyncQueue.entries(a, entries);
                if (!keepIdle && a.idle() && now - a.lastUsedNanos > idleNanos) {
                    a.retired = true;
                    allowances.remove(a.scopes, a);
                }
            } finally {
                a.lock.unlock();
            }
        }
        if (count == 0) {
            return List.of();
        }
        entries.add(0, Integer.toString(count));
        return entries;
    }

    private List<String> grantArgs(Grant g) {
        List<Scope> scopes = g.allowance().scopes;
        List<String> args = new ArrayList<>(9 + 6 * scopes.size() + 2 * g.waiters().size());
        args.addAll(List.of(prefix, g.id(), Long.toString(leaseTtl.toNanos() / 1000), Double.toString(fraction),
                Integer.toString(g.units()), Long.toString(g.unitTokens()), Long.toString(g.unitMicros()),
                Integer.toString(scopes.size()), Integer.toString(g.waiters().size())));
        for (Scope s : scopes) {
            var q = s.quota();
            args.add(s.name());
            args.add(Long.toString(q.requestsPerMinute()));
            args.add(Long.toString(q.tokensPerMinute()));
            args.add(Integer.toString(q.maxConcurrent()));
            args.add(Long.toString(q.dailyBudgetMicros()));
            args.add(Long.toString(q.monthlyBudgetMicros()));
        }
        for (Allowance.Waiter w : g.waiters()) {
            args.add(Long.toString(w.request.estimatedInputTokens()));
            args.add(Long.toString(w.worst));
        }
        return args;
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
                Long.toString(t.monthMicros())), null)).<Void>mapEmpty().onComplete(ar -> {
                    if (ar.failed()) {
                        seeding.remove(key, mine.future());
                    } else {
                        vertx.setTimer(SEED_DEDUPE.toMillis(), id -> seeding.remove(key, mine.future()));
                    }
                    mine.handle(ar);
                });
        return mine.future();
    }

    private Future<Admission> fallback(Allowance a, AdmissionRequest request, long worst, Throwable cause) {
        List<Scope> scopes = a.scopes;
        try {
            boolean localRates = rateLimitsOnDown == FailMode.CLOSED;
            if (localRates) {
                // A share of what Redis had left, not a fresh bucket (FallbackFloor).
                a.lock.lock();
                try {
                    a.floor.applyTo(local, scopes);
                } finally {
                    a.lock.unlock();
                }
            }
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
        call(RECONCILE, args, null).onFailure(e -> backlog.restore(owed));
    }


    /**
     * One Redis call: refused while the breaker is open, bounded by the timeout, its outcome recorded.
     * {@code raw}, when given, sees the reply itself, also one that arrives after the timeout.
     */
    private Future<Response> call(LuaScript script, List<String> args, Consumer<Future<Response>> raw) {
        return Breakers.call(breaker, timeoutMillis, () -> {
            Future<Response> f = script.run(redis, args);
            if (raw != null) {
                raw.accept(f);
            }
            return f;
        }, BREAKER_OPEN).andThen(ar -> {
            if (ar.failed() && ar.cause() != BREAKER_OPEN) {
                meters.redisFailure(script.name);
            }
        });
    }

    /**
     * A sync: bounded by the timeout but not held back by an open breaker, which only keeps requests from
     * waiting on Redis. A sync is off the request path, one at a time, every {@link #SYNC_PERIOD}; the charges
     * of requests let in locally while the breaker is open (Redis slow, not down) must reach Redis then, not
     * seconds later, or the other replicas go on admitting against a count that lacks them.
     */
    private Future<Response> sync(List<String> args) {
        Future<Response> f;
        try {
            f = SYNC.run(redis, args).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            f = Future.failedFuture(e);
        }
        return f.andThen(ar -> {
            if (ar.failed()) {
                meters.redisFailure(SYNC.name);
                return;
            }
            SyncQueue.Reply reply = SyncQueue.Reply.of(ar.result());
            if (reply.failedScopes() > 0) {
                // The other scopes of the batch were applied; these ones' usage and credit are lost.
                for (int i = 0; i < reply.failedScopes(); i++) {
                    meters.settleFailed();
                }
                log.warn("Redis could not apply {} scope(s) of a sync of usage and credit: {}", reply.failedScopes(),
                        reply.firstError());
            }
        });
    }

    /** A request let in by a grant: settles into its scope set's allowance, which tells Redis at the next sync. */
    private final class SharedAdmission implements Admission {
        private final Allowance allowance;
        private final AdmissionRequest request;
        private final long worst;
        private final Allowance.Slot slot;
        private final String day;
        private final String month;
        private final Map<String, String> headers;
        private final AtomicBoolean settled = new AtomicBoolean();

        SharedAdmission(Allowance allowance, AdmissionRequest request, long worst, Allowance.Slot slot, String day,
                String month, Map<String, String> headers) {
            this.allowance = allowance;
            this.request = request;
            this.worst = worst;
            this.slot = slot;
            this.day = day;
            this.month = month;
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
                TokenUsage u = used == null ? TokenUsage.none(request.model()) : used;
                long cost = prices.costMicros(u);
                long now = ticker.getAsLong();
                Allowance a = live(allowance);
                try {
                    a.settled(u.total() - request.estimatedInputTokens(), worst, cost, day, month, slot, now,
                            maxSlotAgeNanos);
                } finally {
                    a.lock.unlock();
                }
            } catch (RuntimeException e) {
                meters.settleFailed();
            }
        }
    }

    /** One grant call for an allowance: its waiters (possibly none) and the credit asked for. */
    private record Grant(Allowance allowance, List<Allowance.Waiter> waiters, String id, int units, long unitTokens,
            long unitMicros, int attempt) {}
}
