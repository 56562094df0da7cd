package dev.switchyard.auth.limit;

import java.time.LocalDate;

/**
 * Durable spend, for seeding Redis counters that are missing (Redis restarted or flushed) and for the
 * local fallback. Blocking (JDBC): callers run it off the event loop.
 * {@code scope} is "key:" + key id or "tenant:" + tenant id; {@code day} is a UTC date.
 */
public interface SpendSource {

    SpendSource NONE = (scope, day) -> new SpendTotals(0, 0);

    SpendTotals totals(String scope, LocalDate day);

    /** Micro-USD spent on {@code day} and in its month. */
    record SpendTotals(long dayMicros, long monthMicros) {}
}
