package dev.switchyard.auth.limit;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionControl;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.Principal;
import dev.switchyard.core.config.FailMode;
import dev.switchyard.core.config.RedisConfig;
import dev.switchyard.core.pricing.PriceTable;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

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
 * known ({@link Waiter.Late}): Redis's admission stands for a request let in locally, becomes credit for
 * one refused, and a request let in locally that Redis did not count is charged at the next sync. Syncs go
 * out even while the breaker is open (they are off the request path), so charges land while Redis is slow;
 * charges older than a minute are dropped, so that a long outage does not lock keys out afterwards.
 *
 * <p>Parts: this class wires them and is the {@link AdmissionControl}. {@link Grants} is the request path (credit,
 * waiting, grant calls), {@link UsageSync} what goes back to Redis, {@link Seeding} the missing budget counters,
 * {@link LocalFallback} the decisions without Redis; each scope set's state is an {@link Allowance}, kept in
 * {@link Allowances}; the scripts' replies are decoded by {@link GrantReply} and {@link SyncReply}. Every age and
 * period (credit, slots, demand, idleness, seeding) is measured on the injected ticker, the breaker runs on the
 * injected clock.
 */
public final class RedisAdmissionControl implements AdmissionControl {
    static final Duration DEFAULT_LEASE_TTL = Duration.ofMinutes(15);
    static final Duration SEED_DEDUPE = Seeding.DEDUPE;
    static final Duration SYNC_PERIOD = Duration.ofMillis(100);
    static final Duration CREDIT_TTL = Duration.ofSeconds(1);
    static final int HOT_DEMAND = 20;
    /** A scope set unused this long, holding and owing nothing, is dropped from memory. */
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(1);

    private final Vertx vertx;
    private final RedisScripts scripts;
    private final Allowances allowances;
    private final Grants grants;
    private final UsageSync sync;
    private final PriceTable prices;
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
     * @param ticker nanoseconds for busyness, credit, slot, idle and seeding ages (System::nanoTime); tests move
     *     one by hand, since those rules are about rates, which a loaded machine's real time distorts
     */
    RedisAdmissionControl(Vertx vertx, RedisConfig config, FailMode rateLimitsOnDown, FailMode budgetsOnDown,
            int replicas, PriceTable prices, SpendSource spend, Clock clock, MeterRegistry registry, Duration leaseTtl,
            Duration idle, LongSupplier ticker) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("Redis admission control needs a Redis url; use LocalLimiter.local");
        }
        this.vertx = vertx;
        this.prices = prices;
        String prefix = config.keyPrefix();
        String replicaId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        Meters meters = new Meters(registry);
        this.scripts = new RedisScripts(vertx, config, clock, meters);
        this.allowances = new Allowances(ticker);
        LocalLimiter local = new LocalLimiter(vertx, prices, spend, clock, replicas, leaseTtl, meters);
        LocalFallback fallback = new LocalFallback(local, rateLimitsOnDown, budgetsOnDown, meters, prices, clock,
                scripts, prefix);
        Seeding seeding = new Seeding(vertx, scripts, spend, meters, prefix, ticker);
        this.grants = new Grants(allowances, scripts, seeding, fallback, meters, prices, clock, ticker, prefix,
                replicaId, leaseTtl, 1d / (4 * Math.max(1, replicas)));
        this.sync = new UsageSync(allowances, scripts, meters, ticker, idle.toNanos(), prefix, replicaId);
        this.timer = vertx.setPeriodic(SYNC_PERIOD.toMillis(), id -> sync.tick());
        scripts.preload();
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
        return grants.admit(scopes, request, worst);
    }

    /** Gives back all unused credit and sends everything owed to Redis; completes when Redis has it. */
    public Future<Void> flush() {
        return sync.flush();
    }

    public Future<Void> close() {
        vertx.cancelTimer(timer);
        return flush().timeout(Math.max(scripts.timeoutMillis() * 4, 1000), TimeUnit.MILLISECONDS)
                .transform(ar -> scripts.close());
    }

    /** How many scope sets this replica keeps state for (idle ones are dropped). */
    int scopeSetsInMemory() {
        return allowances.size();
    }

    /** For tests: the Redis breaker, which runs on the injected clock. */
    CircuitBreaker breaker() {
        return scripts.breaker();
    }

    /** For tests: what the sync timer does every {@link #SYNC_PERIOD}, without waiting for it. */
    void timerTick() {
        sync.tick();
    }
}
