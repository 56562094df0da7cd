package dev.switchyard.auth.limit;

import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.core.error.ApiException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this replica holds of one scope set's shared limits (the key's scope, then its tenant's): credit
 * granted by Redis ({@code grant.lua}) and not yet spent, the requests waiting for the next grant, how busy
 * it is, and what it owes Redis at the next sync ({@code sync.lua}).
 *
 * <p>Concurrency: all state is guarded by the lock ({@link #lock()}, {@link #unlock()}), taken by event loops for
 * a few arithmetic operations (never across a Redis call); every method but the lock's expects it held.
 * Requests are served in arrival order: while any request waits, a new one queues behind it even if the credit
 * would cover it, so a grant's credit goes to the requests it was asked for.
 *
 * <p>Time is the injected ticker's, handed in as {@code nowNanos}: credit and slot ages, idleness, and demand,
 * which is the admissions of the last whole {@link RedisAdmissionControl#SYNC_PERIOD} of ticker time.
 */
final class Allowance {
    private static final long DEMAND_PERIOD_NANOS = RedisAdmissionControl.SYNC_PERIOD.toNanos();

    /** A concurrency slot: one of those Redis counts for {@code grant}, whose lease started at {@code grantedNanos}. */
    record Slot(String grant, long grantedNanos, long freeSinceNanos) {}

    /** A request admitted from credit: its slot (null without a concurrency limit) and its reservation's day. */
    record Taken(Slot slot, String day, String month) {}

    /** One UTC day's (and its month's) budget counters owed: spend to add, reservation to drop. */
    record DayDebt(String day, String month, long spent, long released) {}

    /**
     * What a scope set owes Redis, taken at once for one sync: request credit given back (negative: charged),
     * the token difference (positive: charged), the slots given back (by grant id, one per slot) and per day
     * its budget counters' debt.
     */
    record Debt(long returnedRequests, long tokenDelta, List<String> releasedSlots, List<DayDebt> days) {}

    /** A day's debt while it adds up. */
    private static final class Owed {
        final String day;
        final String month;
        long spent;
        long released;

        Owed(String day, String month) {
            this.day = day;
            this.month = month;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Scope> scopes;
    private final boolean limitsRequests;
    private final boolean limitsTokens;
    private final boolean limitsConcurrency;
    private final boolean limitsSpend;

    // Credit: granted by Redis, not yet spent by a request.
    private long requests;
    private long tokens;
    private long micros;
    private String creditDay;
    private String creditMonth;
    private long creditAtNanos;
    private final ArrayDeque<Slot> freeSlots = new ArrayDeque<>();

    // The shared state the last grant reported, per scope: what the rate headers show.
    private final long[] rpmRemaining;
    private final long[] rpmResetMicros;
    private final long[] tpmRemaining;
    private final long[] tpmResetMicros;

    // Waiting for a grant; the first ones are in the grant in flight, if any.
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private boolean granting;

    // Demand: admissions in the current and the last period (ticker time); the last request's size.
    private long periodStartNanos;
    private int admittedNow;
    private int demand;
    private long lastTokens;
    private long lastWorst;
    private long lastUsedNanos;

    // Owed to Redis at the next sync.
    private long returnedRequests;
    private long tokenDelta;
    private final Map<String, Owed> owed = new HashMap<>(2);
    private final List<String> releasedSlots = new ArrayList<>();

    /** Dropped from the registry: late replies and settlements go to its successor. */
    private boolean retired;

    /** What the last grant reported of the shared rates: where a local fallback for this scope set starts. */
    private final FallbackFloor floor;
    // Requests let in locally that Redis did not count, and their tokens: charged at the next sync.
    static final long CHARGE_TTL_NANOS = 60_000_000_000L;
    private long chargedRequests;
    private long chargedTokens;
    private long chargedSinceNanos;

    Allowance(List<Scope> scopes, long nowNanos) {
        this.scopes = scopes;
        this.lastUsedNanos = nowNanos;
        this.periodStartNanos = nowNanos;
        this.limitsRequests = scopes.stream().anyMatch(s -> s.quota().requestsPerMinute() > 0);
        this.limitsTokens = scopes.stream().anyMatch(s -> s.quota().tokensPerMinute() > 0);
        this.limitsConcurrency = scopes.stream().anyMatch(s -> s.quota().maxConcurrent() > 0);
        this.limitsSpend = scopes.stream().anyMatch(Scope::hasBudgets);
        int n = scopes.size();
        this.rpmRemaining = new long[n];
        this.rpmResetMicros = new long[n];
        this.tpmRemaining = new long[n];
        this.tpmResetMicros = new long[n];
        this.floor = new FallbackFloor(n);
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    List<Scope> scopes() {
        return scopes;
    }

    boolean isRetired() {
        return retired;
    }

    /** Dropped from the registry when idle for longer than {@code idleNanos}; true if it was. */
    boolean retireIfIdle(long nowNanos, long idleNanos) {
        if (idle() && nowNanos - lastUsedNanos > idleNanos) {
            retired = true;
        }
        return retired;
    }

    // ---- the queue of requests waiting for a grant

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    void enqueue(Waiter w) {
        waiting.addLast(w);
    }

    /** The first waiters, at most {@code max}: those the next grant asks for. */
    List<Waiter> nextBatch(int max) {
        List<Waiter> batch = new ArrayList<>(Math.min(max, waiting.size()));
        for (Waiter w : waiting) {
            if (batch.size() == max) {
                break;
            }
            batch.add(w);
        }
        return batch;
    }

    /** Removes and returns the first waiter if the credit covers it; null when it does not or none waits. */
    Waiter dequeueCovered(long nowNanos, long maxSlotAgeNanos) {
        Waiter w = waiting.peekFirst();
        return w == null || !covers(w.request(), w.worst(), nowNanos, maxSlotAgeNanos) ? null : waiting.pollFirst();
    }

    /** Removes the first waiter (the grant it was in was answered); null when none waits. */
    Waiter dequeue() {
        return waiting.pollFirst();
    }

    boolean isGranting() {
        return granting;
    }

    void grantStarted() {
        granting = true;
    }

    void grantEnded() {
        granting = false;
    }

    // ---- demand

    /** Admissions in the last whole period of ticker time before {@code nowNanos}. */
    int demand(long nowNanos) {
        rollDemand(nowNanos);
        return demand;
    }

    /**
     * Starts a new demand period when one has passed on the ticker. The sync timer calls it too, so that demand
     * falls back when no request comes; but only the ticker decides, not how often the timer fired.
     */
    void rollDemand(long nowNanos) {
        long elapsed = nowNanos - periodStartNanos;
        if (elapsed < DEMAND_PERIOD_NANOS) {
            return;
        }
        demand = elapsed < 2 * DEMAND_PERIOD_NANOS ? admittedNow : 0;
        admittedNow = 0;
        periodStartNanos = nowNanos - elapsed % DEMAND_PERIOD_NANOS;
    }

    /** The input estimate of the last request admitted: the size of a unit of credit. */
    long lastRequestTokens() {
        return lastTokens;
    }

    /** The worst-case cost of the last request admitted: the size of a unit of budget credit. */
    long lastRequestWorst() {
        return lastWorst;
    }

    // ---- credit

    /** Whether the credit covers this request (ignoring slots older than {@code maxSlotAgeNanos}). */
    boolean covers(AdmissionRequest r, long worst, long nowNanos, long maxSlotAgeNanos) {
        if ((limitsRequests && requests < 1) || (limitsTokens && tokens < r.estimatedInputTokens())
                || (limitsSpend && micros < worst)) {
            return false;
        }
        if (!limitsConcurrency) {
            return true;
        }
        while (!freeSlots.isEmpty() && nowNanos - freeSlots.peekFirst().grantedNanos() > maxSlotAgeNanos) {
            releasedSlots.add(freeSlots.pollFirst().grant());
        }
        return !freeSlots.isEmpty();
    }

    /** Whether nobody waits and the credit covers this request: then it can be admitted at once. */
    boolean coversAtOnce(AdmissionRequest r, long worst, long nowNanos, long maxSlotAgeNanos) {
        return waiting.isEmpty() && covers(r, worst, nowNanos, maxSlotAgeNanos);
    }

    /** Spends credit on a request {@link #covers} accepted. */
    Taken take(AdmissionRequest r, long worst, long nowNanos) {
        rollDemand(nowNanos);
        if (limitsRequests) {
            requests--;
        }
        if (limitsTokens) {
            tokens -= r.estimatedInputTokens();
        }
        if (limitsSpend) {
            micros -= worst;
        }
        admittedNow++;
        lastTokens = r.estimatedInputTokens();
        lastWorst = worst;
        lastUsedNanos = nowNanos;
        return new Taken(limitsConcurrency ? freeSlots.pollLast() : null, creditDay, creditMonth);
    }

    /**
     * Adds a grant's credit (only of the limits this scope set has): {@code count} requests, each with a slot of
     * the grant {@code grantId} in Redis (given back, it is counted against that grant). Budget credit of an
     * earlier day is released first (it is that day's reservation).
     */
    void credit(long count, long tokens, long micros, String day, String month, String grantId, long nowNanos) {
        if (limitsSpend) {
            if (creditDay != null && !creditDay.equals(day) && this.micros > 0) {
                owed(creditDay, creditMonth).released += this.micros;
                this.micros = 0;
            }
            this.micros += micros;
        }
        creditDay = day;
        creditMonth = month;
        if (limitsRequests) {
            this.requests += count;
        }
        if (limitsTokens) {
            this.tokens += tokens;
        }
        creditAtNanos = nowNanos;
        if (limitsConcurrency) {
            for (String s : Collections.nCopies((int) count, grantId)) {
                freeSlots.addLast(new Slot(s, nowNanos, nowNanos));
            }
        }
    }

    /** Credit left in requests' worth of the last request's size: how soon the next grant is needed. */
    long unitsLeft() {
        long left = Long.MAX_VALUE;
        if (limitsRequests) {
            left = Math.min(left, requests);
        }
        if (limitsTokens) {
            left = Math.min(left, tokens / Math.max(1, lastTokens));
        }
        if (limitsSpend) {
            left = Math.min(left, micros / Math.max(1, lastWorst));
        }
        if (limitsConcurrency) {
            left = Math.min(left, freeSlots.size());
        }
        return left;
    }

    // ---- what requests came to

    /** Applies what a request of a timed-out grant came to ({@link Waiter.Late}), once it is known. */
    void late(Waiter w, Waiter.Late outcome, long nowNanos) {
        switch (outcome) {
            case CREDIT -> credit(1, w.estimatedTokens(), w.worst(), w.day(), w.month(), w.grant(), nowNanos);
            case STANDS -> admittedElsewhere(w.worst(), w.day(), w.month(), w.grant());
            case CHARGE -> {
                if (chargedRequests == 0 && chargedTokens == 0) {
                    chargedSinceNanos = nowNanos;
                }
                if (limitsRequests) {
                    chargedRequests++;
                }
                if (limitsTokens) {
                    chargedTokens += w.estimatedTokens();
                }
            }
            default -> { }
        }
    }

    /**
     * A request a late grant admitted in Redis but that was decided locally (its spend reaches Redis
     * through the fallback's backlog): its reservation and its slot go back; its rates stay taken.
     */
    private void admittedElsewhere(long worst, String day, String month, String grant) {
        if (limitsSpend) {
            owed(day, month).released += worst;
        }
        if (limitsConcurrency) {
            releasedSlots.add(grant);
        }
    }

    /** A settled request: real tokens against the estimate, real cost against the reservation, its slot back. */
    void settled(long tokenDifference, long worst, long cost, String day, String month, Slot slot, long nowNanos,
            long maxSlotAgeNanos) {
        if (limitsTokens) {
            tokenDelta += tokenDifference;
        }
        if (limitsSpend) {
            Owed o = owed(day, month);
            o.spent += cost;
            o.released += worst;
        }
        if (slot != null) {
            if (nowNanos - slot.grantedNanos() > maxSlotAgeNanos) {
                releasedSlots.add(slot.grant());
            } else {
                freeSlots.addLast(new Slot(slot.grant(), slot.grantedNanos(), nowNanos));
            }
        }
    }

    /**
     * Gives back credit nobody used for {@code creditTtlNanos} (or all of it, when {@code all}) and slots
     * free for longer than {@code slotIdleNanos}, to be sent at the next sync. Requests waiting keep it.
     */
    void expire(long nowNanos, long creditTtlNanos, long slotIdleNanos, boolean all) {
        if (nowNanos - chargedSinceNanos > CHARGE_TTL_NANOS) {
            chargedRequests = 0;
            chargedTokens = 0;
        }
        if (!waiting.isEmpty()) {
            return;
        }
        if (all || nowNanos - creditAtNanos > creditTtlNanos) {
            if (limitsRequests) {
                returnedRequests += requests;
            }
            if (limitsTokens) {
                tokenDelta -= tokens;
            }
            if (limitsSpend && micros > 0) {
                owed(creditDay, creditMonth).released += micros;
            }
            requests = 0;
            tokens = 0;
            micros = 0;
        }
        while (!freeSlots.isEmpty() && (all || nowNanos - freeSlots.peekFirst().freeSinceNanos() > slotIdleNanos)) {
            releasedSlots.add(freeSlots.pollFirst().grant());
        }
    }

    /** Nothing held, nothing owed, nobody waiting: safe to drop. */
    private boolean idle() {
        return requests == 0 && tokens == 0 && micros == 0 && freeSlots.isEmpty() && waiting.isEmpty() && !granting
                && !owes();
    }

    private boolean owes() {
        return returnedRequests != 0 || tokenDelta != 0 || chargedRequests != 0 || chargedTokens != 0
                || !owed.isEmpty() || !releasedSlots.isEmpty();
    }

    /**
     * Takes what is owed to Redis for one sync (it is then no longer owed here); null when nothing is. A charge
     * is credit given back with the sign turned: it moves the shared arrival time forward.
     */
    Debt takeDebt() {
        if (!owes()) {
            return null;
        }
        List<DayDebt> days = owed.values().stream().map(o -> new DayDebt(o.day, o.month, o.spent, o.released))
                .toList();
        Debt d = new Debt(returnedRequests - chargedRequests, tokenDelta + chargedTokens, List.copyOf(releasedSlots),
                days);
        owed.clear();
        returnedRequests = 0;
        tokenDelta = 0;
        chargedRequests = 0;
        chargedTokens = 0;
        releasedSlots.clear();
        return d;
    }

    private Owed owed(String day, String month) {
        return owed.computeIfAbsent(day, d -> new Owed(d, month));
    }

    // ---- what the last grant reported

    /** Keeps the shared state a grant reported: for the rate headers, and where a local fallback starts. */
    void report(GrantReply.Decided r, double localNowMicros) {
        for (int i = 0; i < scopes.size(); i++) {
            GrantReply.ScopeReport s = r.scopes().get(i);
            rpmRemaining[i] = s.rpmRemaining();
            rpmResetMicros[i] = s.rpmResetMicros();
            tpmRemaining[i] = s.tpmRemaining();
            tpmResetMicros[i] = s.tpmResetMicros();
        }
        floor.reported(r.redisNowMicros(), localNowMicros, rpmResetMicros, tpmResetMicros);
    }

    /** Raises the local limiter's rate state of this scope set to a share of what Redis last reported left. */
    void applyFloorTo(LocalLimiter local) {
        floor.applyTo(local, scopes);
    }

    /** The refusal of a grant that did not admit every request asked, with the shared state it reported. */
    ApiException refusal(GrantReply.Decided r) {
        Scope scope = scopes.get(r.failedScope());
        return r.status() == GrantReply.Status.BUDGET_EXHAUSTED
                ? scope.budgetExhausted(r.failedLimit())
                : scope.rateLimited(r.failedLimit(), Duration.ofNanos(r.retryMicros() * 1_000), rateHeaders(false));
    }

    /**
     * The rate headers from what Redis had left at the last grant, plus (after a request took its credit)
     * what this replica still holds.
     */
    Map<String, String> rateHeaders(boolean withCredit) {
        int rs = RateHeaders.shownScope(scopes, false);
        int ts = RateHeaders.shownScope(scopes, true);
        long heldRequests = withCredit ? Math.max(0, requests) : 0;
        long heldTokens = withCredit ? Math.max(0, tokens) : 0;
        return RateHeaders.of(
                rs < 0 ? null : new RateHeaders.Bucket(scopes.get(rs).quota().requestsPerMinute(),
                        rpmRemaining[rs] + heldRequests, LocalLimiter.instant(rpmResetMicros[rs])),
                ts < 0 ? null : new RateHeaders.Bucket(scopes.get(ts).quota().tokensPerMinute(),
                        tpmRemaining[ts] + heldTokens, LocalLimiter.instant(tpmResetMicros[ts])));
    }
}
