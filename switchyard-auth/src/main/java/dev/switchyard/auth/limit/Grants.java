package dev.switchyard.auth.limit;

import dev.switchyard.auth.Admission;
import dev.switchyard.auth.AdmissionRequest;
import dev.switchyard.auth.TokenUsage;
import dev.switchyard.core.error.ApiException;
import dev.switchyard.core.pricing.PriceTable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request path of {@link RedisAdmissionControl}: a request is admitted from its scope set's credit, or waits
 * with the others that arrive meanwhile for one {@code grant.lua} call; a busy scope set asks for credit ahead.
 * When a grant fails or times out its waiters go to the {@link LocalFallback}, and its late reply, if one comes,
 * is settled against what the fallback decided ({@link Waiter.Late}).
 *
 * <p>Concurrency: state is in the {@link Allowance}s, changed under their lock only for a few operations; no lock
 * is held across a Redis call, and waiters are completed (on their own context) after the lock is released. At
 * most one grant per allowance is in flight ({@link Allowance#isGranting()}); the next one is sent when its reply
 * has been applied.
 */
final class Grants {
    /** Most requests decided by one grant call. */
    private static final int MAX_BATCH = 64;
    /** Most requests' worth of credit asked for at once. */
    private static final int MAX_UNITS = 4_096;
    private static final Logger log = LoggerFactory.getLogger(Grants.class);

    private final Allowances allowances;
    private final RedisScripts scripts;
    private final Seeding seeding;
    private final LocalFallback fallback;
    private final Meters meters;
    private final PriceTable prices;
    private final Clock clock;
    private final LongSupplier ticker;
    private final String prefix;
    private final String replicaId;
    private final Duration leaseTtl;
    private final long maxSlotAgeNanos;
    private final double fraction;
    private final AtomicLong sequence = new AtomicLong();

    Grants(Allowances allowances, RedisScripts scripts, Seeding seeding, LocalFallback fallback, Meters meters,
            PriceTable prices, Clock clock, LongSupplier ticker, String prefix, String replicaId, Duration leaseTtl,
            double fraction) {
        this.allowances = allowances;
        this.scripts = scripts;
        this.seeding = seeding;
        this.fallback = fallback;
        this.meters = meters;
        this.prices = prices;
        this.clock = clock;
        this.ticker = ticker;
        this.prefix = prefix;
        this.replicaId = replicaId;
        this.leaseTtl = leaseTtl;
        this.maxSlotAgeNanos = leaseTtl.toNanos() / 2;
        this.fraction = fraction;
    }

    Future<Admission> admit(List<Scope> scopes, AdmissionRequest request, long worst) {
        long now = ticker.getAsLong();
        Future<Admission> decided;
        GrantCall grant = null;
        Allowance a = allowances.locked(scopes);
        try {
            if (a.coversAtOnce(request, worst, now, maxSlotAgeNanos)) {
                decided = Future.succeededFuture(take(a, request, worst, now));
                grant = prefetchIfLow(a, now);
            } else {
                Promise<Admission> waited = Promise.promise();
                Waiter w = new Waiter(request, worst, waited, Vertx.currentContext());
                a.enqueue(w);
                decided = waited.future().recover(e -> e instanceof ApiException ? Future.failedFuture(e)
                        : fallback.admit(a, request, worst, e)
                                .andThen(ar -> late(a, w, w.decidedLocally(ar.succeeded()))));
                if (!a.isGranting()) {
                    grant = grant(a, now);
                }
            }
        } finally {
            a.unlock();
        }
        send(grant);
        return decided;
    }

    /** Under the lock. */
    private Admission take(Allowance a, AdmissionRequest request, long worst, long now) {
        Allowance.Taken taken = a.take(request, worst, now);
        return new SharedAdmission(a, request, worst, taken, a.rateHeaders(true));
    }

    /**
     * A grant for the requests waiting (up to {@link #MAX_BATCH}) and, when busy, credit: two periods of demand,
     * since the next grant is asked for when one is left, so a slow reply is covered. Under the lock.
     */
    private GrantCall grant(Allowance a, long now) {
        a.grantStarted();
        List<Waiter> waiters = a.nextBatch(MAX_BATCH);
        long unitTokens = a.lastRequestTokens();
        long unitMicros = a.lastRequestWorst();
        for (Waiter w : waiters) {
            unitTokens = Math.max(unitTokens, w.estimatedTokens());
            unitMicros = Math.max(unitMicros, w.worst());
        }
        int demand = a.demand(now);
        int units = demand >= RedisAdmissionControl.HOT_DEMAND ? Math.min(2 * demand, MAX_UNITS) : 0;
        return new GrantCall(a, waiters, replicaId + "-" + sequence.incrementAndGet(), units, unitTokens, unitMicros,
                0);
    }

    /** Under the lock: a busy scope set asks for more before its credit runs out. */
    private GrantCall prefetchIfLow(Allowance a, long now) {
        if (a.isGranting()) {
            return null;
        }
        int demand = a.demand(now);
        if (demand < RedisAdmissionControl.HOT_DEMAND || a.unitsLeft() >= demand) {
            return null;
        }
        return grant(a, now);
    }

    private void send(GrantCall g) {
        if (g == null) {
            return;
        }
        List<String> args;
        try {
            args = g.args(prefix, leaseTtl, fraction);
        } catch (RuntimeException e) {
            failed(g, e, null);
            return;
        }
        meters.granting();
        AtomicReference<Future<Response>> reply = new AtomicReference<>();
        scripts.call(RedisScripts.GRANT, args, reply::set).onComplete(ar -> {
            if (ar.failed()) {
                failed(g, ar.cause(), reply.get());
                return;
            }
            GrantReply r;
            try {
                r = decode(g, ar.result());
            } catch (MalformedReplyException e) {
                log.warn("{}", e.getMessage());
                failed(g, e, null);
                return;
            }
            if (r instanceof GrantReply.SeedNeeded seed) {
                reseed(g, seed);
            } else {
                granted(g, (GrantReply.Decided) r);
            }
        });
    }

    private static GrantReply decode(GrantCall g, Response response) {
        GrantReply r = GrantReply.decode(response, g.allowance().scopes().size());
        if (r instanceof GrantReply.Decided d && d.admitted() > g.waiters().size()) {
            throw new MalformedReplyException(GrantReply.SCRIPT, "admitted " + d.admitted() + " of "
                    + g.waiters().size() + " requests");
        }
        return r;
    }

    private void reseed(GrantCall g, GrantReply.SeedNeeded r) {
        if (g.attempt() >= 2) {
            failed(g, new IllegalStateException("budget counters missing after seeding"), null);
            return;
        }
        seeding.seed(g.allowance().scopes(), r).onComplete(ar -> {
            if (ar.failed()) {
                failed(g, ar.cause(), null);
            } else {
                send(g.retried());
            }
        });
    }

    private void granted(GrantCall g, GrantReply.Decided r) {
        fallback.payBacklog();
        fallback.observe(g.allowance().scopes(), r);
        credit(g, r, true);
    }

    /**
     * Adds what Redis granted and, when the grant's waiters are still waiting for it, serves them: the
     * ones it admitted from the credit, the others refused with its refusal; then whoever queued behind.
     */
    private void credit(GrantCall g, GrantReply.Decided r, boolean serve) {
        int admitted = r.admitted();
        int refused = serve ? g.waiters().size() - admitted : 0;
        ApiException refusal = null;
        List<Runnable> done = new ArrayList<>();
        GrantCall next = null;
        long now = ticker.getAsLong();
        // A grant in flight keeps its allowance; a late reply may find it dropped as idle: then its successor.
        Allowance a = allowances.live(g.allowance());
        try {
            long tokens = r.unitsGranted() * g.unitTokens();
            long micros = r.unitsGranted() * g.unitMicros();
            long credited = r.unitsGranted();
            for (int i = 0; serve && i < admitted; i++) {
                Waiter w = g.waiters().get(i);
                credited++;
                tokens += w.estimatedTokens();
                micros += w.worst();
            }
            a.credit(credited, tokens, micros, r.day(), r.month(), g.id(), now);
            for (int i = 0; !serve && i < g.waiters().size(); i++) {
                // Decided locally after the timeout: what each comes to depends on both answers.
                Waiter w = g.waiters().get(i);
                a.late(w, w.redisAnswered(i < admitted, g.id(), r.day(), r.month()), now);
            }
            a.report(r, LocalLimiter.micros(clock.instant()));
            if (refused > 0) {
                refusal = a.refusal(r);
            }
            if (serve) {
                for (int i = 0; i < g.waiters().size(); i++) {
                    Waiter w = a.dequeue();
                    if (i < admitted) {
                        Admission admission = take(a, w.request(), w.worst(), now);
                        done.add(() -> w.complete(admission));
                    } else {
                        ApiException e = refusal;
                        done.add(() -> w.fail(e));
                    }
                }
                next = serveWaiting(a, now, done);
            }
        } finally {
            a.unlock();
        }
        for (int i = 0; i < refused; i++) {
            meters.rejected(refusal);
        }
        done.forEach(Runnable::run);
        send(next);
    }

    /** Under the lock, after a grant: serves the queue from credit, then asks for the rest. */
    private GrantCall serveWaiting(Allowance a, long now, List<Runnable> done) {
        for (Waiter w = a.dequeueCovered(now, maxSlotAgeNanos); w != null;
                w = a.dequeueCovered(now, maxSlotAgeNanos)) {
            Waiter served = w;
            Admission admission = take(a, w.request(), w.worst(), now);
            done.add(() -> served.complete(admission));
        }
        a.grantEnded();
        return a.hasWaiting() ? grant(a, now) : prefetchIfLow(a, now);
    }

    /** Applies what a request of a timed-out grant came to, once both answers are in (see {@link Waiter.Late}). */
    private void late(Allowance allowance, Waiter w, Waiter.Late outcome) {
        if (outcome == Waiter.Late.WAIT || outcome == Waiter.Late.NOTHING) {
            return;
        }
        Allowance a = allowances.live(allowance);
        try {
            a.late(w, outcome, ticker.getAsLong());
        } finally {
            a.unlock();
        }
    }

    /**
     * Redis did not answer in time (or its breaker is open): the grant's waiters are decided locally. {@code late}
     * is the call's reply still to come, if the grant was sent. What each waiter comes to is settled once both
     * its local decision and Redis's late answer are known ({@link Waiter.Late}): a late grant is not lost
     * (what it granted is credit, except the admissions of the waiters the fallback let in, which stand for
     * them), and a waiter let in locally that Redis did not count (refused, or never answered) is charged.
     */
    private void failed(GrantCall g, Throwable cause, Future<Response> late) {
        Allowance a = g.allowance();
        GrantCall next = null;
        a.lock();
        try {
            for (int i = 0; i < g.waiters().size(); i++) {
                a.dequeue();
            }
            a.grantEnded();
            if (a.hasWaiting()) {
                next = grant(a, ticker.getAsLong());
            }
        } finally {
            a.unlock();
        }
        g.waiters().forEach(w -> w.fail(cause));
        send(next);
        if (late == null) {
            notCounted(g);
        } else {
            late.onComplete(ar -> {
                GrantReply.Decided d = ar.succeeded() ? lateDecision(g, ar.result()) : null;
                if (d != null) {
                    credit(g, d, false);
                } else {
                    notCounted(g);
                }
            });
        }
    }

    /** A late reply's decision; null when it decided nothing (counters missing) or cannot be read. */
    private static GrantReply.Decided lateDecision(GrantCall g, Response response) {
        try {
            return decode(g, response) instanceof GrantReply.Decided d ? d : null;
        } catch (MalformedReplyException e) {
            log.warn("{}", e.getMessage());
            return null;
        }
    }

    /** Redis did not admit the waiters of this grant (it refused, never ran or never answered it). */
    private void notCounted(GrantCall g) {
        g.waiters().forEach(w -> late(g.allowance(), w, w.redisAnswered(false, g.id(), null, null)));
    }

    /** A request let in by a grant: settles into its scope set's allowance, which tells Redis at the next sync. */
    private final class SharedAdmission implements Admission {
        private final Allowance allowance;
        private final AdmissionRequest request;
        private final long worst;
        private final Allowance.Taken taken;
        private final Map<String, String> headers;
        private final AtomicBoolean settled = new AtomicBoolean();

        SharedAdmission(Allowance allowance, AdmissionRequest request, long worst, Allowance.Taken taken,
                Map<String, String> headers) {
            this.allowance = allowance;
            this.request = request;
            this.worst = worst;
            this.taken = taken;
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
                Allowance a = allowances.live(allowance);
                try {
                    a.settled(u.total() - request.estimatedInputTokens(), worst, cost, taken.day(), taken.month(),
                            taken.slot(), now, maxSlotAgeNanos);
                } finally {
                    a.unlock();
                }
            } catch (RuntimeException e) {
                meters.settleFailed();
            }
        }
    }
}
