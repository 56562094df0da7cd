package dev.switchyard.auth.limit;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spend settled by the local fallback while Redis could not be reached, owed to the shared counters.
 * Without it, Redis would not know what was spent during an outage and, once back, would let the
 * budget be spent again. Entries are per scope and UTC day; {@link #drain()} hands them out once, and
 * {@link #restore} puts back what could not be delivered.
 */
final class LocalSpendBacklog {
    record Owed(String scope, LocalDate day, long micros) {}

    private final Map<String, Owed> owed = new ConcurrentHashMap<>();

    void add(List<Scope> scopes, LocalDate day, long micros) {
        if (micros <= 0) {
            return;
        }
        for (Scope s : scopes) {
            if (s.hasBudgets()) {
                owed.merge(s.name() + '|' + day, new Owed(s.name(), day, micros),
                        (a, b) -> new Owed(a.scope(), a.day(), a.micros() + b.micros()));
            }
        }
    }

    boolean isEmpty() {
        return owed.isEmpty();
    }

    List<Owed> drain() {
        List<Owed> out = new ArrayList<>();
        for (String k : List.copyOf(owed.keySet())) {
            Owed o = owed.remove(k);
            if (o != null) {
                out.add(o);
            }
        }
        return out;
    }

    void restore(List<Owed> undelivered) {
        undelivered.forEach(o -> owed.merge(o.scope() + '|' + o.day(), o,
                (a, b) -> new Owed(a.scope(), a.day(), a.micros() + b.micros())));
    }
}
