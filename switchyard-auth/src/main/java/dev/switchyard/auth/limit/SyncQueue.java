package dev.switchyard.auth.limit;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The syncs of one replica to Redis ({@code sync.lua}), one at a time. A batch is frozen with its id when
 * first collected and sent as is until Redis acknowledges it: the script applies an id once, so a batch
 * whose reply was lost (timed out, connection dropped) can be sent again without counting twice. What
 * replicas owe meanwhile waits in their {@link Allowance}s for the next batch. A batch Redis refuses with
 * an error is dropped, not resent forever.
 */
final class SyncQueue {
    private final String prefix;
    private final String replicaId;
    private final long markerSeconds;
    private final Function<List<String>, Future<Response>> sender;
    private final Consumer<Throwable> onRefused;
    private long sequence;
    /** Guarded by this: the frozen batch not yet acknowledged, and the call in flight. */
    private List<String> pending;
    private Future<Void> inFlight;

    SyncQueue(String prefix, String replicaId, long markerSeconds, Function<List<String>, Future<Response>> sender,
            Consumer<Throwable> onRefused) {
        this.prefix = prefix;
        this.replicaId = replicaId;
        this.markerSeconds = markerSeconds;
        this.sender = sender;
        this.onRefused = onRefused;
    }

    /**
     * Redis answered with an error (the script failed on this batch): sending it again would fail again and
     * hold back every later batch, so it is dropped and reported. Timeouts and lost connections are retried.
     */
    static boolean refused(Throwable e) {
        String m = e == null ? null : e.getMessage();
        return m != null && (m.startsWith("ERR") || m.startsWith("WRONGTYPE"));
    }

    /** Sends the unacknowledged batch, or a new one from {@code collect} (empty: nothing owed); never waits. */
    synchronized void sendNext(Supplier<List<String>> collect) {
        if (inFlight == null) {
            start(collect);
        }
    }

    /** Sends until nothing is owed; fails with the first call that fails. */
    Future<Void> drain(Supplier<List<String>> collect) {
        Future<Void> running;
        synchronized (this) {
            running = inFlight != null ? inFlight : start(collect);
            if (running == null) {
                return Future.succeededFuture();
            }
        }
        return running.compose(v -> drain(collect));
    }

    /** Under the monitor: null when nothing is owed. */
    private Future<Void> start(Supplier<List<String>> collect) {
        if (pending == null) {
            List<String> entries = collect.get();
            if (entries.isEmpty()) {
                return null;
            }
            List<String> args = new ArrayList<>(entries.size() + 3);
            args.add(prefix);
            args.add(replicaId + "-s" + ++sequence);
            args.add(Long.toString(markerSeconds));
            args.addAll(entries);
            pending = args;
        }
        List<String> batch = pending;
        Future<Void> call;
        try {
            call = sender.apply(batch).mapEmpty();
        } catch (RuntimeException e) {
            call = Future.failedFuture(e);
        }
        Future<Void> sent = call.andThen(ar -> {
            synchronized (this) {
                inFlight = null;
                if (pending == batch && (ar.succeeded() || refused(ar.cause()))) {
                    pending = null;
                }
            }
            if (ar.failed() && refused(ar.cause())) {
                onRefused.accept(ar.cause());
            }
        });
        inFlight = sent.isComplete() ? null : sent;
        return sent;
    }

    /** Appends what {@code a} owes as sync entries and clears it there; the number of entries. Under a's lock. */
    static int entries(Allowance a, List<String> out) {
        Allowance.Debt debt = a.takeDebt();
        if (debt == null) {
            return 0;
        }
        List<Allowance.DayDebt> days = debt.days();
        // Rates and slots travel with the first day's entry (or an entry of no day when no spend is owed).
        entry(a.scopes(), days.isEmpty() ? null : days.get(0), debt.returnedRequests(), debt.tokenDelta(),
                debt.releasedSlots(), out);
        for (Allowance.DayDebt d : days.subList(Math.min(1, days.size()), days.size())) {
            entry(a.scopes(), d, 0, 0, List.of(), out);
        }
        return Math.max(1, days.size());
    }

    private static void entry(List<Scope> scopes, Allowance.DayDebt o, long returned, long tokens, List<String> slots,
            List<String> out) {
        out.add(Integer.toString(scopes.size()));
        out.add(o == null ? "" : o.day());
        out.add(o == null ? "" : o.month());
        out.add(Long.toString(returned));
        out.add(Long.toString(tokens));
        out.add(Long.toString(o == null ? 0 : o.spent()));
        out.add(Long.toString(o == null ? 0 : o.released()));
        Map<String, Integer> perGrant = new LinkedHashMap<>();
        slots.forEach(grant -> perGrant.merge(grant, 1, Integer::sum));
        out.add(Integer.toString(perGrant.size()));
        perGrant.forEach((grant, count) -> {
            out.add(grant);
            out.add(Integer.toString(count));
        });
        for (Scope s : scopes) {
            var q = s.quota();
            out.add(s.name());
            out.add(Long.toString(q.requestsPerMinute()));
            out.add(Long.toString(q.tokensPerMinute()));
            out.add(q.maxConcurrent() > 0 ? "1" : "0");
            out.add(o != null && q.dailyBudgetMicros() > 0 ? "1" : "0");
            out.add(o != null && q.monthlyBudgetMicros() > 0 ? "1" : "0");
        }
    }
}
