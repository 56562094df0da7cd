package dev.switchyard.auth.limit;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionRequest;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What this replica holds of one scope set's shared limits (the key's scope, then its tenant's): credit
 * granted by Redis ({@code grant.lua}) and not yet spent, the requests waiting for the next grant, and
 * what it owes Redis at the next sync ({@code sync.lua}).
 *
 * <p>Concurrency: every field is guarded by {@link #lock}, taken by event loops for a few arithmetic
 * operations (never across a Redis call). Requests are served in arrival order: while any request waits,
 * a new one queues behind it even if the credit would cover it, so a grant's credit goes to the requests
 * it was asked for.
 */
final class Allowance {
    /** A concurrency slot: one of those Redis counts for {@code grant}, whose lease started at {@code grantedNanos}. */
    record Slot(String grant, long grantedNanos, long freeSinceNanos) {}

    /**
     * What a request whose grant timed out comes to, once both the grant's late reply (did Redis admit it?)
     * and the local fallback (did it let it in?) are known, in whichever order they come: Redis's admission
     * stands for the request let in locally (STANDS), becomes credit for one refused locally (CREDIT); a
     * request the fallback let in that Redis did not count (it refused it, or the grant never ran or never
     * answered) is charged to Redis at the next sync (CHARGE), so that the shared count has it and the other
     * replicas' requests are refused for it. Charges older than {@link #CHARGE_TTL_NANOS} are dropped: after a
     * long outage a key starts from what Redis knows, not locked out by the local decisions of the outage.
     */
    enum Late { WAIT, NOTHING, CREDIT, STANDS, CHARGE }

    /**
     * A request waiting for a grant; completed on the context it came from. When its grant times out it
     * is decided locally; {@link #redisAnswered} and {@link #decidedLocally} then tell what it comes to.
     */
    static final class Waiter {
        final AdmissionRequest request;
        final long worst;
        final Promise<Admission> promise;
        final Context context;
        // After a timeout, guarded by this: Redis's late answer (with its grant) and the local decision.
        private Boolean inRedis;
        private Boolean local;
        String grant;
        String day;
        String month;

        Waiter(AdmissionRequest request, long worst, Promise<Admission> promise, Context context) {
            this.request = request;
            this.worst = worst;
            this.promise = promise;
            this.context = context;
        }

        /** The late reply: whether the grant {@code grant} of {@code day} admitted this request in Redis. */
        synchronized Late redisAnswered(boolean admitted, String grant, String day, String month) {
            this.inRedis = admitted;
            this.grant = grant;
            this.day = day;
            this.month = month;
            return late();
        }

        /** The fallback's decision for this request. */
        synchronized Late decidedLocally(boolean admitted) {
            this.local = admitted;
            return late();
        }

        private Late late() {
            if (inRedis == null || local == null) {
                return Late.WAIT;
            }
            if (inRedis) {
                return local ? Late.STANDS : Late.CREDIT;
            }
            return local ? Late.CHARGE : Late.NOTHING;
        }

        void complete(Admission a) {
            run(() -> promise.tryComplete(a));
        }

        void fail(Throwable e) {
            run(() -> promise.tryFail(e));
        }

        private void run(Runnable r) {
            if (context == null || context == Vertx.currentContext()) {
                r.run();
            } else {
                context.runOnContext(v -> r.run());
            }
        }
    }

    /** What one UTC day's (and its month's) budget counters are owed: spend to add, reservation to drop. */
    static final class Owed {
        final String day;
        final String month;
        long spent;
        long released;

        Owed(String day, String month) {
            this.day = day;
            this.month = month;
        }
    }

    final ReentrantLock lock = new ReentrantLock();
    final List<Scope> scopes;
    final boolean limitsRequests;
    final boolean limitsTokens;
    final boolean limitsConcurrency;
    final boolean limitsSpend;

    // Credit: granted by Redis, not yet spent by a request.
    long requests;
    long tokens;
    long micros;
    String creditDay;
    String creditMonth;
    long creditAtNanos;
    final ArrayDeque<Slot> freeSlots = new ArrayDeque<>();

    // The shared state the last grant reported, per scope: what the rate headers show.
    final long[] rpmRemaining;
    final long[] rpmResetMicros;
    final long[] tpmRemaining;
    final long[] tpmResetMicros;

    // Waiting for a grant; the first ones are in the grant in flight, if any.
    final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    boolean granting;

    // Demand: admissions in the current and the last sync period; the last request's size.
    int admittedNow;
    int demand;
    long lastTokens;
    long lastWorst;
    long lastUsedNanos;

    // Owed to Redis at the next sync.
    long returnedRequests;
    long tokenDelta;
    final Map<String, Owed> owed = new HashMap<>(2);
    final List<String> releasedSlots = new ArrayList<>();

    /** Dropped from the registry: late replies and settlements go to its successor. */
    boolean retired;

    /** What the last grant reported of the shared rates: where a local fallback for this scope set starts. */
    final FallbackFloor floor;
    // Requests let in locally that Redis did not count, and their tokens: charged at the next sync.
    static final long CHARGE_TTL_NANOS = 60_000_000_000L;
    long chargedRequests;
    long chargedTokens;
    long chargedSinceNanos;

    Allowance(List<Scope> scopes, long nowNanos) {
        this.scopes = scopes;
        this.lastUsedNanos = nowNanos;
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

    /** Spends credit on a request {@link #covers} accepted; its slot, or null. */
    Slot take(AdmissionRequest r, long worst, long nowNanos) {
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
        return limitsConcurrency ? freeSlots.pollLast() : null;
    }

    /**
     * Adds a grant's credit (only of the limits this scope set has); budget credit of an earlier day is
     * released first (it is that day's reservation).
     */
    void credit(long requests, long tokens, long micros, String day, String month, List<String> slots, long nowNanos) {
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
            this.requests += requests;
        }
        if (limitsTokens) {
            this.tokens += tokens;
        }
        creditAtNanos = nowNanos;
        for (String s : slots) {
            freeSlots.addLast(new Slot(s, nowNanos, nowNanos));
        }
    }

    /**
     * A request a late grant admitted in Redis but that was decided locally (its spend reaches Redis
     * through the fallback's backlog): its reservation and its slot go back; its rates stay taken.
     */
    void admittedElsewhere(long worst, String day, String month, String grant) {
        if (limitsSpend) {
            owed(day, month).released += worst;
        }
        if (limitsConcurrency) {
            releasedSlots.add(grant);
        }
    }

    /** Applies what a request of a timed-out grant came to ({@link Late}), once it is known. */
    void late(Waiter w, Late outcome, long nowNanos) {
        switch (outcome) {
            case CREDIT -> credit(1, w.request.estimatedInputTokens(), w.worst, w.day, w.month,
                    limitsConcurrency ? List.of(w.grant) : List.of(), nowNanos);
            case STANDS -> admittedElsewhere(w.worst, w.day, w.month, w.grant);
            case CHARGE -> {
                if (chargedRequests == 0 && chargedTokens == 0) {
                    chargedSinceNanos = nowNanos;
                }
                if (limitsRequests) {
                    chargedRequests++;
                }
                if (limitsTokens) {
                    chargedTokens += w.request.estimatedInputTokens();
                }
            }
            default -> { }
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
    boolean idle() {
        return requests == 0 && tokens == 0 && micros == 0 && freeSlots.isEmpty() && waiting.isEmpty() && !granting
                && !owes();
    }

    boolean owes() {
        return returnedRequests != 0 || tokenDelta != 0 || chargedRequests != 0 || chargedTokens != 0
                || !owed.isEmpty() || !releasedSlots.isEmpty();
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

    private Owed owed(String day, String month) {
        return owed.computeIfAbsent(day, d -> new Owed(d, month));
    }
}
