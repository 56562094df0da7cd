package dev.switchyard.auth.limit;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The {@link Allowance} of each scope set this replica has seen, by scope set.
 *
 * <p>Concurrency: an idle allowance is dropped ({@link #dropIfIdle}) under its lock, marked retired first; whoever
 * locks one afterwards sees the mark and goes to its successor (a fresh one, made on demand), so a late reply or
 * a settlement is never applied to an allowance nobody syncs any more. A grant in flight or a request waiting
 * keeps an allowance from being dropped.
 */
final class Allowances {
    private final Map<List<Scope>, Allowance> byScopes = new ConcurrentHashMap<>();
    private final LongSupplier ticker;

    Allowances(LongSupplier ticker) {
        this.ticker = ticker;
    }

    /** The live allowance of {@code scopes}, locked. */
    Allowance locked(List<Scope> scopes) {
        while (true) {
            Allowance a = byScopes.computeIfAbsent(scopes, k -> new Allowance(k, ticker.getAsLong()));
            a.lock();
            if (!a.isRetired()) {
                return a;
            }
            a.unlock();
        }
    }

    /** {@code a}, or the allowance that replaced it if it was dropped as idle, locked. */
    Allowance live(Allowance a) {
        a.lock();
        if (!a.isRetired()) {
            return a;
        }
        a.unlock();
        return locked(a.scopes());
    }

    /** Runs {@code action} on each allowance under its lock, one at a time. */
    void forEachLocked(Consumer<Allowance> action) {
        for (Allowance a : byScopes.values()) {
            a.lock();
            try {
                action.accept(a);
            } finally {
                a.unlock();
            }
        }
    }

    /** Under {@code a}'s lock: drops it when it has held and owed nothing for longer than {@code idleNanos}. */
    void dropIfIdle(Allowance a, long nowNanos, long idleNanos) {
        if (a.retireIfIdle(nowNanos, idleNanos)) {
            byScopes.remove(a.scopes(), a);
        }
    }

    int size() {
        return byScopes.size();
    }
}
